/**
 * Editing through the graph: read a measure's version, then change it with that version (a stale
 * one is refused with CONFLICT). Needs a token, so the tab opens with an Authorization header.
 */
import { text, type SavedOperation } from './saved-operation';

export const EDITING_OPERATIONS: readonly SavedOperation[] = [
  {
    name: 'EditMeasure',
    title: 'Bearbeiten: Version lesen, dann ändern',
    description:
      'Erst ReadVersion ausführen und die Version ablesen, dann EditMeasure mit dieser Version. Schreiben braucht ein Token (npm run token) im Header „Authorization“.',
    query: text`
# Bearbeiten mit Versionsprüfung. Schreiben braucht ein Token:
#   npm run -s token -- --role editor --ressort BMFSFJ --name "Referat 501"
# und im Reiter "Headers": { "Authorization": "Bearer <Token>" }.
# 1. ReadVersion (unten) ausführen: ▶ und dann ReadVersion wählen; "version" ablesen.
# 2. EditMeasure mit dieser Version in den Variablen ausführen. Eine veraltete Version
#    ergibt CONFLICT mit currentVersion. Die Änderung wird wirklich gespeichert,
#    mit Eintrag in der Historie (wer, wann, welche Felder).

mutation EditMeasure($id: ID!, $version: Int!) {
  updateFederalMeasure(
    id: $id
    version: $version
    input: {
      summary: "Beratung für junge Menschen mit Migrationshintergrund von 12 bis 26 Jahren."
      fundingMethod: PROGRAMME
      successControl: { status: RUNNING }
    }
  ) {
    measure {
      version
      summary
      history {
        action
        actor
        at
        changes {
          field
          from
          to
        }
      }
    }
  }
}

query ReadVersion($id: ID!) {
  federalMeasure(id: $id) {
    id
    title
    version
    summary
  }
}
`,
    variables: { id: 'measure:bund:jmd', version: 1 },
    headers: { Authorization: 'Bearer <Token aus npm run token>' },
  },
];
