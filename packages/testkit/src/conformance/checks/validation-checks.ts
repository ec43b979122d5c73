import { InvalidInputError } from '@easel/core';
import type { ModelCheck } from '../conformance-check.js';
import type { ModelCheckContext } from '../conformance-context.js';
import { describeThrown } from '../conformance-error.js';

export const validationChecks: readonly ModelCheck[] = [
  {
    id: 'invalid-input',
    title: 'invalid input is an InvalidInputError before any request',
    async run(context: ModelCheckContext) {
      const { input } = context;
      const conform: ModelCheckContext['conform'] = context.conform;
      const cases: Array<{
        input: Record<string, unknown>;
        path?: ReadonlyArray<string | number>;
        suggestion?: string;
        what: string;
      }> = [
        {
          input: { ...input, negativ_prompt: 'blurry' },
          path: ['negativ_prompt'],
          suggestion: 'negative_prompt',
          what: 'an unknown field',
        },
        {
          input: { ...input, prompt: 42 },
          path: ['prompt'],
          what: 'a prompt that is not a string',
        },
        { input: { ...input, n: 0 }, path: ['n'], what: 'n = 0' },
        { input: { ...input, size: 'big' }, path: ['size'], what: 'a malformed size' },
        ...(context.model.capabilities.promptMaxLength === undefined
          ? []
          : [
              {
                input: {
                  ...input,
                  prompt: 'x'.repeat(context.model.capabilities.promptMaxLength + 1),
                },
                path: ['prompt'],
                what: 'a prompt over promptMaxLength',
              },
            ]),
        ...(context.cases.invalid ?? []).map(invalid => ({
          input: { ...invalid.input },
          ...(invalid.path === undefined ? {} : { path: invalid.path }),
          what: `the invalid case ${JSON.stringify(invalid.input).slice(0, 80)}`,
        })),
      ];
      for (const invalid of cases) {
        const before = context.suite.simulator.requests.length;
        const error = await context.failure(
          context.call(invalid.input),
          `${invalid.what} must be refused`,
        );
        conform(
          InvalidInputError.isInstance(error),
          `${invalid.what}: expected InvalidInputError, got ${describeThrown(error)}`,
        );
        conform(
          context.suite.simulator.requests.length === before,
          `${invalid.what}: a request was sent before the input was rejected`,
        );
        if (invalid.path !== undefined) {
          const wanted = invalid.path.join('.');
          const issue = error.issues.find(candidate => candidate.path.join('.') === wanted);
          conform(
            issue !== undefined,
            `${invalid.what}: no issue at "${wanted}" (issues: ${error.issues.map(candidate => candidate.path.join('.')).join(', ')})`,
          );
          if (invalid.suggestion !== undefined) {
            conform(
              issue.suggestion === invalid.suggestion,
              `${invalid.what}: expected the suggestion "${invalid.suggestion}", got "${issue.suggestion}"`,
            );
          }
        }
      }
    },
  },
];
