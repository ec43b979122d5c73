/**
 * Stability's error answers, `{ id, name, errors }`, with the names and messages quoted in
 * shared/reference/providers.md §3.3 (the spec's examples).
 */
export const stabilityErrorBodies = {
  badRequest: {
    status: 400,
    body: {
      id: '8d9e2b7f0c4a4e1b9a6d3c2f1e0b5a47',
      name: 'bad_request',
      errors: ['aspect_ratio: must be one of 21:9, 16:9, 3:2, 5:4, 1:1, 4:5, 2:3, 9:16, 9:21'],
    },
  },
  unauthorized: {
    status: 401,
    body: {
      id: '1f0e9d8c7b6a59483726150403020100',
      name: 'unauthorized',
      errors: ['authorization: invalid or missing API key.'],
    },
  },
  contentModeration: {
    status: 403,
    body: {
      id: 'ed14ec8a3b2f4d3c8f9e0a1b2c3d4e5f',
      name: 'content_moderation',
      errors: [
        'Your request was flagged by our content moderation system, as a result your request was denied and you were not charged.',
      ],
    },
  },
  payloadTooLarge: {
    status: 413,
    body: {
      id: '4212a4b66fbe1cedca4bf2133d35dca5',
      name: 'payload_too_large',
      errors: ['body: payloads cannot be larger than 10MiB in size'],
    },
  },
  invalidLanguage: {
    status: 422,
    body: {
      id: 'c41e7ad7f5b6c3e2d1a0f9e8d7c6b5a4',
      name: 'invalid_language',
      errors: ['English is the only supported language for this service.'],
    },
  },
  publicFigure: {
    status: 422,
    body: {
      id: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      name: 'public_figure',
      errors: ['Our system detected the likeness of a public figure in your request.'],
    },
  },
  rateLimitExceeded: {
    status: 429,
    body: {
      id: '9a8b7c6d5e4f30211a2b3c4d5e6f7081',
      name: 'rate_limit_exceeded',
      errors: [
        'You have exceeded the rate limit of 150 requests within a 10 second period, and have been timed out for 60 seconds.',
      ],
    },
  },
  internalError: {
    status: 500,
    body: {
      id: '2a3b4c5d6e7f8091a2b3c4d5e6f70819',
      name: 'internal_error',
      errors: ['An unexpected server error has occurred, please try again later.'],
    },
  },
} as const;
