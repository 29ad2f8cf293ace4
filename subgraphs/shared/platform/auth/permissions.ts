import { hasRole, type Viewer } from './viewer';

/**
 * Who may write what (guideline chapter V: each Ressort keeps the final say over its own
 * measures; the Länder and Kommunen over theirs). Admins may do everything.
 */
export function isAdmin(viewer: Viewer): boolean {
  return hasRole(viewer, 'admin');
}

function isEditor(viewer: Viewer): boolean {
  return hasRole(viewer, 'editor');
}

/** A Ressort editor edits only measures its own Ressort owns. */
export function canEditFederalMeasure(viewer: Viewer, ownerCode: string): boolean {
  return isAdmin(viewer) || (isEditor(viewer) && viewer.ressort === ownerCode);
}

/** A Land editor ("09") edits the Land's and its Kommunen's measures; a Kommune editor only its own. */
export function canEditPlace(viewer: Viewer, ars: string): boolean {
  if (isAdmin(viewer)) return true;
  if (!isEditor(viewer) || !viewer.ars) return false;
  return ars === viewer.ars || (viewer.ars.length === 2 && ars.startsWith(viewer.ars));
}

/** A research editor edits outputs their institute published. */
export function canEditResearchOutput(viewer: Viewer, institutes: readonly string[]): boolean {
  return isAdmin(viewer) || (isEditor(viewer) && viewer.institute !== null && institutes.includes(viewer.institute));
}

/** An exchange editor edits formats named in their token or convened or led by their Ressort. */
export function canEditExchangeFormat(viewer: Viewer, formatId: string, ressorts: readonly (string | null)[]): boolean {
  if (isAdmin(viewer)) return true;
  if (!isEditor(viewer)) return false;
  return viewer.formats.includes(formatId) || (viewer.ressort !== null && ressorts.includes(viewer.ressort));
}

/**
 * Internal fields (budget, contacts, coordination status), drafts and history: analysts and
 * admins everywhere, editors where they may edit. Anonymous callers never.
 */
export function canReadInternal(viewer: Viewer, canEdit: boolean): boolean {
  return isAdmin(viewer) || hasRole(viewer, 'analyst') || canEdit;
}
