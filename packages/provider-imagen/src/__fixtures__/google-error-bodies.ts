/**
 * Google error envelopes as the Gemini API and Vertex AI send them (google.rpc.Status), with the
 * texts quoted in shared/reference/providers.md §4.4 and Google's public error pages.
 */
export const googleErrorBodies = {
  promptBlocked: {
    status: 400,
    body: {
      error: {
        code: 400,
        message:
          "Image generation failed with the following error: The prompt could not be submitted. This prompt contains sensitive words that violate Google's Responsible AI practices. Try rephrasing the prompt. If you think this was an error, send feedback. Support codes: 42876398",
        status: 'INVALID_ARGUMENT',
      },
    },
  },
  invalidArgument: {
    status: 400,
    body: {
      error: {
        code: 400,
        message: "Person generation 'allow_all' is not available in your region.",
        status: 'INVALID_ARGUMENT',
      },
    },
  },
  billedUsersOnly: {
    status: 400,
    body: {
      error: {
        code: 400,
        message: 'Imagen API is only accessible to billed users at this time.',
        status: 'INVALID_ARGUMENT',
      },
    },
  },
  apiKeyInvalid: {
    status: 400,
    body: {
      error: {
        code: 400,
        message: 'API key not valid. Please pass a valid API key.',
        status: 'INVALID_ARGUMENT',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'API_KEY_INVALID',
            domain: 'googleapis.com',
            metadata: { service: 'generativelanguage.googleapis.com' },
          },
        ],
      },
    },
  },
  unregisteredCaller: {
    status: 403,
    body: {
      error: {
        code: 403,
        message:
          "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
        status: 'PERMISSION_DENIED',
      },
    },
  },
  tokenExpired: {
    status: 401,
    body: {
      error: {
        code: 401,
        message:
          'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
        status: 'UNAUTHENTICATED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'ACCESS_TOKEN_EXPIRED',
            domain: 'googleapis.com',
            metadata: { service: 'aiplatform.googleapis.com' },
          },
        ],
      },
    },
  },
  permissionDenied: {
    status: 403,
    body: {
      error: {
        code: 403,
        message:
          "Permission 'aiplatform.endpoints.predict' denied on resource '//aiplatform.googleapis.com/projects/easel-test/locations/us-central1/publishers/google/models/imagen-3.0-generate-002' (or it may not exist).",
        status: 'PERMISSION_DENIED',
      },
    },
  },
  geminiModelNotFound: {
    status: 404,
    body: {
      error: {
        code: 404,
        message:
          'models/imagen-4.0-generate-preview-05-20 is not found for API version v1beta, or is not supported for predict. Call ListModels to see the list of available models and their supported methods.',
        status: 'NOT_FOUND',
      },
    },
  },
  vertexModelNotFound: {
    status: 404,
    body: {
      error: {
        code: 404,
        message:
          'Publisher Model `projects/easel-test/locations/us-central1/publishers/google/models/imagen-4.0-generate-preview-05-20` not found.',
        status: 'NOT_FOUND',
      },
    },
  },
  resourceExhausted: {
    status: 429,
    headers: { 'retry-after': '3' },
    body: {
      error: {
        code: 429,
        message:
          'Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: imagen-3.0-generate. Please submit a quota increase request.',
        status: 'RESOURCE_EXHAUSTED',
      },
    },
  },
  internal: {
    status: 500,
    body: {
      error: {
        code: 500,
        message: 'Internal error encountered.',
        status: 'INTERNAL',
      },
    },
  },
} as const;
