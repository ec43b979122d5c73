import { describe, expect, it } from 'vitest';
import { matchImagenRoute } from './imagen-route.js';

describe('matchImagenRoute', () => {
  it('reads a Gemini API model method', () => {
    expect(matchImagenRoute('/v1beta/models/imagen-4.0-generate-001:predict')).toEqual({
      transport: 'gemini',
      model: 'imagen-4.0-generate-001',
      method: 'predict',
    });
  });

  it('reads a Vertex AI publisher model method', () => {
    expect(
      matchImagenRoute(
        '/v1/projects/my-project/locations/europe-west4/publishers/google/models/imagen-3.0-generate-002:predict',
      ),
    ).toEqual({
      transport: 'vertex',
      project: 'my-project',
      location: 'europe-west4',
      model: 'imagen-3.0-generate-002',
      method: 'predict',
    });
  });

  it('decodes each segment on its own', () => {
    expect(matchImagenRoute('/v1beta/models/imagen-4.0-generate-001%3ApredictLongRunning')).toEqual(
      {
        transport: 'gemini',
        model: 'imagen-4.0-generate-001',
        method: 'predictLongRunning',
      },
    );
  });

  it.each([
    '/v1beta/models/imagen-4.0-generate-001',
    '/v1beta/models/:predict',
    '/v1beta/models/imagen-4.0-generate-001:',
    '/v1beta/tunedModels/imagen-4.0-generate-001:predict',
    '/v1beta/models/a/b:predict',
    '/v1/projects/p/locations/l/publishers/meta/models/m:predict',
    '/v1/projects//locations/l/publishers/google/models/m:predict',
    '/v1beta1/projects/p/locations/l/publishers/google/models/m:predict',
    '/v1beta/models/%E0%A4%A:predict',
    '*',
  ])('finds no route in %s', path => {
    expect(matchImagenRoute(path)).toBeUndefined();
  });
});
