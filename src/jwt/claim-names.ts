/** Normalised claim names (lower case, no separators) that carry an admin or superuser flag. */
export const ADMIN_FLAG_NAMES: ReadonlySet<string> = new Set([
  'isadmin',
  'admin',
  'isstaff',
  'staff',
  'issuperuser',
  'superuser',
  'isroot',
  'root',
]);
