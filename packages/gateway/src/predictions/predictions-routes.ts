import { AbortError, InvalidInputError, type ModelDescription } from '@easel/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayContext } from '../gateway-context.js';
import { predictionDeadlineMs } from '../gateway-options.js';
import { callerOf } from '../http/caller.js';
import { GatewayError } from '../http/gateway-error.js';
import type { JsonBody } from '../http/json-body.js';
import { type Preferences, parsePrefer } from '../http/prefer-header.js';
import { baseUrlOf } from '../http/public-url.js';
import type { GatewayRouteConfig } from '../http/route-config.js';
import { type GenerationJob, startGeneration } from './generation-job.js';
import { type IdempotencyClaim, readIdempotencyKey, requestFingerprint } from './idempotency.js';
import { summariseInput } from './input-summary.js';
import { isTerminal, type PredictionRecord } from './prediction-record.js';
import { newPredictionId } from './prediction-repository.js';
import { parsePredictionRequest, withInputPrefix } from './prediction-request.js';
import { failedPredictionError, sendPrediction } from './prediction-response.js';
import { failureOf } from './prediction-runner.js';
import { nothingWasGenerated } from './retry-safety.js';

const predictionsSuffix = '/predictions';

/** How long a creating request waits for the result, from its `Prefer` header, ms. */
export function waitMsFor(
  preferences: Preferences,
  defaultWaitMs: number,
  maxWaitMs: number,
): number {
  if (preferences.waitSeconds !== undefined)
    return Math.min(preferences.waitSeconds * 1000, maxWaitMs);
  if (preferences.respondAsync && !preferences.waitRequested) return 0;
  return defaultWaitMs;
}

function preferenceApplied(preferences: Preferences, waitMs: number): Record<string, string> {
  const applied: string[] = [];
  if (waitMs === 0 && preferences.respondAsync) applied.push('respond-async');
  else if (preferences.waitRequested) applied.push(`wait=${Math.round(waitMs / 1000)}`);
  if (preferences.dataUris) applied.push('output=data-uri');
  return applied.length === 0 ? {} : { 'preference-applied': applied.join(', ') };
}

/**
 * A signal that fires when the client goes away before its answer is complete. Made only for a
 * request that has to queue for admission: an `AbortController` and its listeners cost more than
 * the rest of a small prediction's bookkeeping.
 */
function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished)
      controller.abort(new AbortError('The client closed the connection.'));
  });
  return controller.signal;
}

/** Settles when the connection closes (the answer is sent, or the client went away). */
function connectionClosed(reply: FastifyReply): Promise<void> {
  return new Promise(resolve => reply.raw.once('close', resolve));
}

function notFound(id: string): GatewayError {
  return new GatewayError({
    status: 404,
    code: 'prediction_not_found',
    message: `No prediction "${id}" (unknown, or expired).`,
    details: { id },
  });
}

/** Rethrow `error`, with the paths of an `InvalidInputError`'s issues made relative to the body. */
function rethrowWithInputPaths(error: unknown): never {
  throw InvalidInputError.isInstance(error) ? withInputPrefix(error) : error;
}

/** Register the prediction routes (Replicate's HTTP API). */
export function registerPredictionRoutes(app: FastifyInstance, context: GatewayContext): void {
  const { settings } = context;

  async function loadPrediction(id: string): Promise<PredictionRecord | undefined> {
    return context.runner.latest(id) ?? (await context.predictions.get(id));
  }

  async function answerCreate(
    reply: FastifyReply,
    record: PredictionRecord,
    preferences: Preferences,
    replayed: boolean,
  ): Promise<FastifyReply> {
    const waitMs = waitMsFor(preferences, settings.defaultWaitMs, settings.maxWaitMs);
    let current = record;
    let images: NonNullable<Completion['result']>['images'] | undefined;
    if (!isTerminal(current.status)) {
      const completion = await context.runner.waitFor(current.id, waitMs, connectionClosed(reply));
      if (completion !== undefined) {
        current = completion.record;
        images = completion.result?.images;
      } else {
        // The answer discloses the id: from now on any instance sharing the store may be asked.
        await context.runner.persist(current.id);
        current = (await loadPrediction(current.id)) ?? current;
      }
    }
    if (current.status === 'failed') throw failedPredictionError(current);
    return sendPrediction(
      reply,
      {
        record: current,
        ...(images === undefined ? {} : { images }),
        baseUrl: settings.publicUrl ?? current.baseUrl,
        dataUris: preferences.dataUris,
        status: { pending: 202, finished: 201 },
        headers: {
          ...preferenceApplied(preferences, waitMs),
          ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
        },
      },
      context.files,
    );
  }

  async function submit(
    model: ModelDescription,
    input: Record<string, unknown>,
    reply: FastifyReply,
  ): Promise<{ job: GenerationJob; lease: Awaited<ReturnType<typeof context.admission.admit>> }> {
    const lease = await context.admission.admit(model.provider, () => clientGone(reply));
    try {
      // No abort signal here: once admitted, the generation belongs to the gateway and outlives
      // the request (an aborted submission could also leave a billed job behind).
      const job = await startGeneration(context.easel, model, input, predictionDeadlineMs);
      // Input problems found only after I/O (an image URL refused after a redirect, or not
      // there) are named by their path in the body too, like those found before.
      return {
        job: { ...job, wait: options => job.wait(options).catch(rethrowWithInputPaths) },
        lease,
      };
    } catch (error) {
      lease.settle(error);
      rethrowWithInputPaths(error);
    }
  }

  async function createPrediction(
    request: FastifyRequest,
    reply: FastifyReply,
    modelPath: string,
  ): Promise<FastifyReply> {
    const body = request.body as JsonBody | undefined;
    const parsed = parsePredictionRequest(body?.value, settings.trustedWebhookHosts);
    const model = context.easel.describe(modelPath);
    const preferences = parsePrefer(request.headers.prefer);
    const key = readIdempotencyKey(request.headers['idempotency-key']);
    let claim: Extract<IdempotencyClaim, { kind: 'claimed' }> | undefined;
    if (key !== undefined) {
      const outcome = await context.idempotency.claim(
        callerOf(request).id,
        key,
        requestFingerprint(model.path, body?.raw ?? Buffer.alloc(0)),
      );
      if (outcome.kind === 'replay') {
        const existing = await loadPrediction(outcome.predictionId);
        if (existing !== undefined) return answerCreate(reply, existing, preferences, true);
        throw notFound(outcome.predictionId);
      }
      claim = outcome;
    }
    const baseUrl = baseUrlOf(request, settings.publicUrl);
    const now = Date.now();
    const record: PredictionRecord = {
      id: newPredictionId(),
      model: model.path,
      provider: model.provider,
      input: summariseInput(parsed.input),
      status: 'processing',
      createdAt: now,
      images: null,
      failure: null,
      logs: '',
      warnings: [],
      usage: null,
      sandbox: settings.sandboxProviders.has(model.provider),
      baseUrl,
      ...(parsed.webhook === undefined ? {} : { webhook: parsed.webhook }),
      ...(claim === undefined ? {} : { idempotencyKey: claim.storeKey }),
    };
    let started: Awaited<ReturnType<typeof submit>>;
    try {
      // The prediction belongs to the gateway once admitted: a client that hangs up while it
      // waits for a slot gives it up, one that hangs up later does not stop it.
      started = await submit(model, parsed.input, reply);
    } catch (error) {
      if (claim === undefined || nothingWasGenerated(error)) {
        await claim?.release();
        throw error;
      }
      // The submission may have reached the provider (and been billed): keep the key pointing
      // at a failed prediction, so that a retry with the same key never submits again.
      const failed: PredictionRecord = {
        ...record,
        status: 'failed',
        completedAt: Date.now(),
        failure: failureOf(error),
      };
      await context.predictions.put(failed);
      await claim.commit(failed.id);
      throw failedPredictionError(failed);
    }
    const startedRecord: PredictionRecord = {
      ...record,
      startedAt: Date.now(),
      job: { id: started.job.id, resumable: started.job.resumable },
      // An asynchronous model's job was accepted upstream before this point; say so in the logs
      // (its later progress comes from the polls).
      logs: started.job.resumable ? `submitted upstream job ${started.job.id}\n` : '',
    };
    // Nobody but this request can learn the id before it answers (no webhook to tell, no key to
    // replay, a request that waits for the result): the record is stored once, when it completes
    // (or when the wait ends first), instead of at start and at completion.
    const deferStore =
      claim === undefined &&
      parsed.webhook === undefined &&
      !started.job.resumable &&
      waitMsFor(preferences, settings.defaultWaitMs, settings.maxWaitMs) > 0;
    try {
      await context.runner.start(startedRecord, started.job, started.lease, { deferStore });
    } catch (error) {
      await claim?.release();
      throw error;
    }
    if (claim !== undefined) await claim.commit(startedRecord.id);
    return answerCreate(reply, startedRecord, preferences, false);
  }

  const jsonRoute: GatewayRouteConfig = { body: 'json' };

  app.post(
    '/v1/models/*',
    { config: jsonRoute, bodyLimit: settings.bodyBytes },
    async (request, reply) => {
      const path = (request.params as { '*': string })['*'];
      if (!path.endsWith(predictionsSuffix) || path.length === predictionsSuffix.length) {
        throw new GatewayError({
          status: 404,
          code: 'not_found',
          message: `No route for POST ${request.url.split('?')[0]}; predictions are created at /v1/models/<model_path>/predictions.`,
        });
      }
      return createPrediction(request, reply, path.slice(0, -predictionsSuffix.length));
    },
  );

  app.get('/v1/predictions/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const record = await loadPrediction(id);
    if (record === undefined) throw notFound(id);
    return sendPrediction(
      reply,
      {
        record,
        baseUrl: settings.publicUrl ?? record.baseUrl,
        dataUris: parsePrefer(request.headers.prefer).dataUris,
        status: { pending: 200, finished: 200 },
      },
      context.files,
    );
  });

  // Clients send no body (Replicate's sends an empty one with a JSON content type); cap it small.
  app.post('/v1/predictions/:id/cancel', { bodyLimit: 64 * 1024 }, async (request, reply) => {
    const { id } = request.params as { id: string };
    let record = (await context.runner.cancel(id)) ?? (await context.predictions.get(id));
    if (record === undefined) throw notFound(id);
    if (!isTerminal(record.status)) record = await cancelElsewhere(record);
    return sendPrediction(
      reply,
      {
        record,
        baseUrl: settings.publicUrl ?? record.baseUrl,
        dataUris: false,
        status: { pending: 200, finished: 200 },
      },
      context.files,
    );
  });

  /** Cancel a prediction that is not running in this process (another instance, a restart). */
  async function cancelElsewhere(record: PredictionRecord): Promise<PredictionRecord> {
    const warnings = [...record.warnings];
    if (record.job?.resumable) {
      try {
        await context.easel.resume(record.job.id).cancel();
      } catch (error) {
        warnings.push({
          type: 'other',
          message: `cancelling upstream failed (${failureOf(error).message}); the job may still run there`,
        });
      }
    }
    const canceled: PredictionRecord = {
      ...record,
      status: 'canceled',
      completedAt: Date.now(),
      warnings,
    };
    await context.predictions.put(canceled);
    return canceled;
  }
}

type Completion = NonNullable<Awaited<ReturnType<GatewayContext['runner']['waitFor']>>>;
