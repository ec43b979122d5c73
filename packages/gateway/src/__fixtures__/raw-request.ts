import { connect } from 'node:net';

/** What came back on a raw connection: the status and whatever text arrived. */
export interface RawAnswer {
  readonly status: number;
  readonly text: string;
}

/**
 * Send a request head (and an optional start of the body) on a raw socket and read the answer
 * without sending the rest: proves the server answered before reading the whole body.
 */
export function rawRequest(url: string, head: string, bodyStart = ''): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`${head}\r\n\r\n${bodyStart}`);
    });
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer; got ${JSON.stringify(text.slice(0, 200))}`));
    }, 5_000);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\r\n\r\n');
      if (end === -1) return;
      const length = /content-length: (\d+)/i.exec(text.slice(0, end))?.[1];
      if (length !== undefined && text.length - end - 4 < Number(length)) return;
      clearTimeout(timer);
      socket.destroy();
      resolve({ status: Number(text.slice(9, 12)), text });
    });
    socket.on('error', error => {
      clearTimeout(timer);
      if (text !== '') resolve({ status: Number(text.slice(9, 12)), text });
      else reject(error);
    });
  });
}
