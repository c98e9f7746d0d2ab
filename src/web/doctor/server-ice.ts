import {
  ICE_SERVERS_PATH,
  iceServersResponseSchema,
  type IceServersResponse,
} from '../../protocol/diagnostics/ice-servers-response.js';

export type ServerIceErrorCode = 'unauthorized' | 'unavailable' | 'bad-response';

export class ServerIceError extends Error {
  override readonly name = 'ServerIceError';
  constructor(
    readonly code: ServerIceErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Fetches ICE servers with freshly minted TURN credentials from this confab server. */
export async function fetchServerIceServers(token: string): Promise<IceServersResponse> {
  const headers: Record<string, string> = token === '' ? {} : { authorization: `Bearer ${token}` };
  let response: Response;
  try {
    response = await fetch(ICE_SERVERS_PATH, { headers, cache: 'no-store' });
  } catch {
    throw new ServerIceError('unavailable', 'cannot reach this confab server');
  }
  if (response.status === 401) {
    throw new ServerIceError(
      'unauthorized',
      'this server requires a room token (confab token --room <any>)',
    );
  }
  if (!response.ok) {
    throw new ServerIceError('unavailable', `the server answered ${String(response.status)}`);
  }
  const parsed = iceServersResponseSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success)
    throw new ServerIceError('bad-response', 'the server sent no valid ICE servers');
  return parsed.data;
}
