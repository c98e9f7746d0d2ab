/** Meeting size (people, ourselves included) a full mesh handles well; beyond it we warn. */
export const DEFAULT_MESH_WARNING_SIZE = 5;

/**
 * The configured limit (index.html's `confab:mesh-warning-size`, filled from
 * `VITE_CONFAB_MESH_WARNING_SIZE` at build time): a whole number from 2 up, else the default.
 */
export function meshWarningSize(configured: string | undefined): number {
  const value = Number(configured);
  return Number.isInteger(value) && value >= 2 ? value : DEFAULT_MESH_WARNING_SIZE;
}

/** Whether a meeting of `count` people (ourselves included) is past what a mesh handles well. */
export function meshTooLarge(count: number, limit: number): boolean {
  return count > limit;
}
