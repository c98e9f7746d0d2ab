import type { RoomPath } from './room-mode.js';
import type { ConnectionReport } from './telemetry.js';

/**
 * `GET /api/admin/rooms` (docs/admin.md): what the admin page shows. Shared by the server
 * that answers it and the page that reads it.
 */
export interface AdminMemberQuality {
  /** When the member's latest telemetry arrived (unix ms). */
  readonly updatedAt: number;
  /** One report per peer connection of the member. */
  readonly connections: readonly ConnectionReport[];
}

export interface AdminMember {
  readonly id: string;
  /** The display name (personal data: only the admin sees it). */
  readonly name: string;
  /** false while the member's connection is away (inside its resume grace). */
  readonly attached: boolean;
  /** The node holding the member's connection; '' while away. */
  readonly node: string;
  /** Known for members connected to the answering node; null otherwise or before a report. */
  readonly quality: AdminMemberQuality | null;
}

export interface AdminRoom {
  readonly room: string;
  /** mesh, or sfu once the room moved to Janus. */
  readonly path: RoomPath;
  /** Oldest first. */
  readonly members: readonly AdminMember[];
}

export interface AdminRoomsResponse {
  /** The node that answered. */
  readonly node: string;
  readonly rooms: readonly AdminRoom[];
}

/** The admin API's paths, under this prefix; every request carries `Authorization: Bearer`. */
export const ADMIN_API_PREFIX = '/api/admin/';
export const adminPaths = {
  rooms: `${ADMIN_API_PREFIX}rooms`,
  endRoom: (room: string) => `${ADMIN_API_PREFIX}rooms/${encodeURIComponent(room)}/end`,
  removeMember: (room: string, member: string) =>
    `${ADMIN_API_PREFIX}rooms/${encodeURIComponent(room)}/members/${encodeURIComponent(member)}/remove`,
} as const;
