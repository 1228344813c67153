/**
 * The console's CSRF pair: the server sets this cookie at sign-in (readable by the page's script),
 * and every cookie-authenticated write must echo its value in this header.
 */
export const CSRF_COOKIE = 'gatehouse_csrf'
export const CSRF_HEADER = 'x-gatehouse-csrf'
