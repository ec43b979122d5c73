/** The model and input of the request shown in banners and on the placeholder page (a seed body). */
export const exampleRequest = {
  modelPath: 'opanai/gpt-image-1',
  input: {
    prompt:
      'A deer drinking in the lake, Sakura petals falling, japanese temple, cinematic lighting',
    size: '1024x1024',
    n: 1,
  },
} as const;

/** Options of `curlExample`. */
export interface CurlExampleOptions {
  /** The gateway's base URL, e.g. `http://127.0.0.1:3000`. */
  readonly baseUrl: string;
  /** Whether the gateway wants a key: adds `-H "Authorization: Bearer $EASEL_API_KEY"`. */
  readonly authorization: boolean;
  /** Model path. Default: the seed document's `opanai/gpt-image-1`. */
  readonly modelPath?: string;
  /** The input. Default: a seed-like body. */
  readonly input?: Readonly<Record<string, unknown>>;
}

/**
 * A copy-paste curl of a predictions request, in the seed documents' layout. The key is never
 * printed: the command reads it from `$EASEL_API_KEY` in the caller's shell.
 */
export function curlExample(options: CurlExampleOptions): string {
  const modelPath = options.modelPath ?? exampleRequest.modelPath;
  const body = JSON.stringify({ input: options.input ?? exampleRequest.input }, null, 2);
  const lines = [
    `curl ${options.baseUrl.replace(/\/+$/, '')}/v1/models/${modelPath}/predictions \\`,
    '  -H "Content-Type: application/json" \\',
    ...(options.authorization ? ['  -H "Authorization: Bearer $EASEL_API_KEY" \\'] : []),
    `  -d '${body.replaceAll("'", "'\\''")}'`,
  ];
  return lines.join('\n');
}
