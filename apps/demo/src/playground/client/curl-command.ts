// The curl equivalent of a playground request, in the layout of the seed documents and of the
// banner `easel serve` prints. Pure (no DOM), unit-tested by running the command through `sh`.

/** An uploaded file whose data URI appears in the input. */
export interface UploadedFile {
  /** The file's name on the user's disk, e.g. `deer.png`. */
  readonly name: string;
  /** Its media type, e.g. `image/png`. */
  readonly mediaType: string;
  /** The data URI the input carries. */
  readonly dataUri: string;
}

/** Options of `curlCommand`. */
export interface CurlCommandOptions {
  /** The gateway's base URL, e.g. `http://127.0.0.1:3000`. */
  readonly baseUrl: string;
  /** The model path, e.g. `openai/gpt-image-1`. */
  readonly modelPath: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** Whether the gateway wants a key: adds `-H "Authorization: Bearer $EASEL_API_KEY"`. */
  readonly authorization: boolean;
  /** The `Prefer` header the request carries, e.g. `respond-async`. None: no header. */
  readonly prefer?: string;
  /** Files whose data URIs are in the input: the command reads them from disk instead. */
  readonly files?: readonly UploadedFile[];
}

/**
 * A copy-paste curl for a predictions request. The key is never part of it: the command reads
 * `$EASEL_API_KEY` in the user's shell. Uploaded images are not pasted as megabytes of base64:
 * the body goes through a here-document on stdin (no argument length limit) in which
 * `$(base64 < 'file' | tr -d '\n')` reads each file where the command runs.
 */
export function curlCommand(options: CurlCommandOptions): string {
  const files = (options.files ?? []).filter(file => containsString(options.input, file.dataUri));
  const lines = [
    `curl ${options.baseUrl.replace(/\/+$/, '')}/v1/models/${options.modelPath}/predictions \\`,
    '  -H "Content-Type: application/json" \\',
    ...(options.authorization ? ['  -H "Authorization: Bearer $EASEL_API_KEY" \\'] : []),
    ...(options.prefer === undefined ? [] : [`  -H "Prefer: ${options.prefer}" \\`]),
  ];
  if (files.length === 0) {
    const body = JSON.stringify({ input: options.input }, null, 2);
    lines.push(`  -d '${body.replaceAll("'", "'\\''")}'`);
    return lines.join('\n');
  }
  const tokens = new Map(files.map((file, index) => [file.dataUri, `@@easel-file-${index}@@`]));
  const body = JSON.stringify(
    { input: options.input },
    (_key, value: unknown) => (typeof value === 'string' ? (tokens.get(value) ?? value) : value),
    2,
  );
  // An unquoted here-document expands `$`, backquotes and backslashes: escape those of the JSON,
  // then put in the command substitutions that read the files.
  let document = body.replace(/[\\$`]/g, character => `\\${character}`);
  for (const [index, file] of files.entries()) {
    document = document.replaceAll(
      `@@easel-file-${index}@@`,
      `data:${file.mediaType};base64,$(base64 < ${shellQuote(file.name)} | tr -d '\\n')`,
    );
  }
  lines.push('  --data-binary @- <<EOF', document, 'EOF');
  return lines.join('\n');
}

function containsString(value: unknown, text: string): boolean {
  if (value === text) return true;
  if (Array.isArray(value)) return value.some(item => containsString(item, text));
  if (typeof value === 'object' && value !== null) {
    return Object.values(value).some(item => containsString(item, text));
  }
  return false;
}

/** Single-quoted for sh; control characters (a line break could end the here-document) become `_`. */
function shellQuote(text: string): string {
  const name = text.replace(/\p{Cc}/gu, '_');
  return `'${name.replaceAll("'", "'\\''")}'`;
}
