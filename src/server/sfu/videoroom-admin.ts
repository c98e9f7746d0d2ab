import type { JanusClient } from './janus-client.js';
import { JanusClientError, VIDEOROOM_ERROR } from './janus-errors.js';
import type { JanusHandle } from './janus-handle.js';
import type { JanusSecrets } from './janus-secrets.js';
import { expectShape, VIDEOROOM_PLUGIN } from './videoroom-handle.js';
import {
  createdSchema,
  destroyedSchema,
  existsSchema,
  listSchema,
  participantsSchema,
  successSchema,
  type ParticipantInfo,
  type RoomInfo,
} from './videoroom-wire.js';

/** Per-room limits confab chooses; everything security-relevant is not an option. */
export interface RoomOptions {
  readonly description?: string;
  /** Most concurrent publishers (default 16). */
  readonly publishers?: number;
  /** REMB cap per publisher in bit/s, all simulcast layers together (default 1 Mbit/s). */
  readonly bitrate?: number;
  /** Periodic keyframe requests in seconds; 0 = only when a subscriber needs one (default). */
  readonly firFreqSeconds?: number;
}

export const DEFAULT_ROOM_OPTIONS = {
  publishers: 16,
  bitrate: 1_000_000,
  firFreqSeconds: 0,
} as const;

/**
 * Room management on one Janus instance: create (private, with admin_key and room
 * secret), destroy, list, list participants, kick. Uses one handle of its own.
 */
export class VideoRoomAdmin {
  private constructor(
    private readonly handle: JanusHandle,
    private readonly secrets: Pick<JanusSecrets, 'adminKey' | 'roomSecret'>,
  ) {}

  static async attach(
    client: JanusClient,
    secrets: Pick<JanusSecrets, 'adminKey' | 'roomSecret'>,
  ): Promise<VideoRoomAdmin> {
    return new VideoRoomAdmin(await client.attach(VIDEOROOM_PLUGIN, 'admin'), secrets);
  }

  /** Creates a private room; `janus-error` 427 when it exists already. */
  async createRoom(room: string, options: RoomOptions = {}): Promise<void> {
    const { data } = await this.handle.message({
      request: 'create',
      room,
      admin_key: this.secrets.adminKey,
      secret: this.secrets.roomSecret,
      permanent: false,
      // Hidden from `list` without the admin_key: room names are not for discovery.
      is_private: true,
      description: options.description ?? room,
      publishers: options.publishers ?? DEFAULT_ROOM_OPTIONS.publishers,
      bitrate: options.bitrate ?? DEFAULT_ROOM_OPTIONS.bitrate,
      bitrate_cap: true,
      fir_freq: options.firFreqSeconds ?? DEFAULT_ROOM_OPTIONS.firFreqSeconds,
      audiocodec: 'opus',
      // What the mesh asks of Opus too (src/client/opus-fmtp.ts): in-band FEC rebuilds a lost
      // packet from the next one; DTX sends silence as rare comfort-noise frames, so a room of
      // mostly quiet people costs Janus and every receiver a few packets a second each, not 50.
      opus_fec: true,
      opus_dtx: true,
      // VP8 first (simulcast everywhere), H.264 for browsers without VP8 encoding in hardware.
      videocodec: 'vp8,h264',
      h264_profile: '42e01f',
      audiolevel_ext: true,
      audiolevel_event: true,
      notify_joining: true,
      // Subscriptions must name a publisher's private_id: no anonymous viewers.
      require_pvtid: true,
      record: false,
      lock_record: true,
    });
    expectShape(createdSchema, data, 'videoroom create');
  }

  /** Destroys a room (participants get `destroyed`); false when there was no such room. */
  async destroyRoom(room: string): Promise<boolean> {
    try {
      const { data } = await this.handle.message({
        request: 'destroy',
        room,
        secret: this.secrets.roomSecret,
        permanent: false,
      });
      expectShape(destroyedSchema, data, 'videoroom destroy');
      return true;
    } catch (error) {
      if (error instanceof JanusClientError && error.janusCode === VIDEOROOM_ERROR.noSuchRoom) {
        return false;
      }
      throw error;
    }
  }

  async roomExists(room: string): Promise<boolean> {
    const { data } = await this.handle.message({ request: 'exists', room });
    return expectShape(existsSchema, data, 'videoroom exists').exists;
  }

  /** Every room on this instance, private ones included (we hold the admin_key). */
  async listRooms(): Promise<RoomInfo[]> {
    const { data } = await this.handle.message({
      request: 'list',
      admin_key: this.secrets.adminKey,
    });
    return expectShape(listSchema, data, 'videoroom list').list;
  }

  /** Who is in a room as Janus sees it (publisher handles; subscribers are not listed). */
  async listParticipants(room: string): Promise<ParticipantInfo[]> {
    const { data } = await this.handle.message({ request: 'listparticipants', room });
    return expectShape(participantsSchema, data, 'videoroom listparticipants').participants;
  }

  /** Removes a participant (and its subscriptions) from a room. */
  async kick(room: string, id: string): Promise<void> {
    const { data } = await this.handle.message({
      request: 'kick',
      room,
      id,
      secret: this.secrets.roomSecret,
    });
    expectShape(successSchema, data, 'videoroom kick');
  }

  /** Detaches the admin handle; idempotent. */
  close(): Promise<void> {
    return this.handle.detach();
  }
}
