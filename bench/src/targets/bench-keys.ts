/** The API key the systems under test send upstream (the mock accepts any). */
export const benchUpstreamKey = 'sk-bench-0000000000000000';

/** The key clients present to the Easel gateway. */
export const benchGatewayKey = 'easel-bench-key-0000000000';
