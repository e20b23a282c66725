// Who is signed in, as the sign-in answer said (login, role, territory, name). The session
// token itself lives only in the HttpOnly cookie; this is for choosing pages and menus.
const KEY = 'komek.user';
export const STAFF = ['officer', 'consultant', 'akim_officer', 'commission_member', 'state_corporation_operator', 'auditor'];

export function user() {
  try { return JSON.parse(sessionStorage.getItem(KEY) || 'null'); } catch { return null; }
}
export function setUser(u) {
  if (u) sessionStorage.setItem(KEY, JSON.stringify({ login: u.login, role: u.role, territory: u.territory, full_name: u.full_name }));
  else sessionStorage.removeItem(KEY);
}
export function isStaff(u = user()) { return Boolean(u && STAFF.includes(u.role)); }
export function home(u = user()) {
  if (!u) return '#/login';
  if (u.role === 'applicant') return '#/portal';
  if (u.role === 'third_party') return '#/third-party';
  return '#/queue';
}
