// The sync API's limits (sync-api.md), which the desk and the server must agree on: the server
// refuses what is over them, and the desk never asks for more.

/** Records a POST /v1/redemptions request may carry. */
export const MAX_BATCH = 500;

/** How far back GET /v1/usage reaches, in days, by role: a desk counts, a manager reports. */
export const USAGE_DAYS = { desk: 31, manager: 400 } as const;

/** Records in one GET /v1/usage answer at most; `next` leads to the rest. */
export const USAGE_PAGE = 5000;
