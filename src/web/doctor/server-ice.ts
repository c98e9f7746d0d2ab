import {
  DOCTOR_TOKEN_PATH,
  ICE_SERVERS_PATH,
  doctorTokenResponseSchema,
  iceServersResponseSchema,
  type IceServersResponse,
} from '../../protocol/diagnostics/ice-servers-response.js';

export type ServerIceErrorCode = 'unauthorized' | 'rate-limited' | 'unavailable' | 'bad-response';

export class ServerIceError extends Error {
  override readonly name = 'ServerIceError';
  constructor(
    readonly code: ServerIceErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Fetches ICE servers with freshly minted TURN credentials from this confab server: first a
 * short-lived doctor token (with the room token, on servers that require one), then the ICE
 * servers for it.
 */
export async function fetchServerIceServers(roomToken: string): Promise<IceServersResponse> {
  const tokenResponse = await get(DOCTOR_TOKEN_PATH, roomToken);
  const doctor = doctorTokenResponseSchema.safeParse(await tokenResponse.json().catch(() => null));
  if (!doctor.success) throw new ServerIceError('bad-response', 'the server sent no doctor token');
  const response = await get(ICE_SERVERS_PATH, doctor.data.token);
  const parsed = iceServersResponseSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success)
    throw new ServerIceError('bad-response', 'the server sent no valid ICE servers');
  return parsed.data;
}

async function get(path: string, bearer: string): Promise<Response> {
  const headers: Record<string, string> =
    bearer === '' ? {} : { authorization: `Bearer ${bearer}` };
  let response: Response;
  try {
    response = await fetch(path, { headers, cache: 'no-store' });
  } catch {
    throw new ServerIceError('unavailable', 'cannot reach this confab server');
  }
  if (response.status === 401) {
    throw new ServerIceError(
      'unauthorized',
      'this server requires a room token (confab token --room <any>)',
    );
  }
  if (response.status === 429) {
    throw new ServerIceError('rate-limited', 'too many checks from this network; wait a minute');
  }
  if (!response.ok) {
    throw new ServerIceError('unavailable', `the server answered ${String(response.status)}`);
  }
  return response;
}
