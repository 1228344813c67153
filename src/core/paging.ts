/** Audit trail pages: how many events one page holds by default, and at most. */
export const AUDIT_PAGE_DEFAULT = 50
export const AUDIT_PAGE_MAX = 100
