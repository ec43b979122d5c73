import { describe, expect, it } from 'vitest';
import { bflModelProfiles } from './bfl-models.js';
import { quoteBflSubmission } from './bfl-pricing.js';

const square = { width: 1024, height: 1024 };
const remote = { field: 'input_image', width: 1024, height: 1024, remote: true };

describe('quoteBflSubmission', () => {
  it('charges per-image models the same whatever the size', () => {
    const kontext = bflModelProfiles['flux-kontext-pro']!.price;
    expect(quoteBflSubmission(kontext, square, [])).toEqual({
      cost: 4,
      inputMegapixels: 0,
      outputMegapixels: 1.05,
    });
    expect(quoteBflSubmission(kontext, { width: 1392, height: 752 }, [remote])).toEqual({
      cost: 4,
      inputMegapixels: 1.05,
      outputMegapixels: 1.05,
    });
    expect(quoteBflSubmission(bflModelProfiles['flux-kontext-max']!.price, square, []).cost).toBe(
      8,
    );
    expect(quoteBflSubmission(bflModelProfiles['flux-dev']!.price, square, []).cost).toBe(2.5);
  });

  it('charges FLUX.2 by whole megapixels of output and inputs together', () => {
    const pro = bflModelProfiles['flux-2-pro']!.price;
    expect(quoteBflSubmission(pro, square, []).cost).toBe(3);
    expect(quoteBflSubmission(pro, { width: 64, height: 64 }, []).cost).toBe(3);
    expect(quoteBflSubmission(pro, { width: 1440, height: 1440 }, []).cost).toBe(4.5);
    expect(quoteBflSubmission(pro, square, [remote, remote]).cost).toBe(6);
    expect(quoteBflSubmission(bflModelProfiles['flux-2-max']!.price, square, [remote]).cost).toBe(
      10,
    );
    expect(quoteBflSubmission(bflModelProfiles['flux-2-flex']!.price, square, [remote]).cost).toBe(
      12,
    );
  });
});
