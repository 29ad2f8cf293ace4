/**
 * The explorer at /explorer: GraphiQL 5 (Monaco editor, schema docs, headers editor, history)
 * bundled into the gateway's own assets, with the saved operations as tabs and a download of the
 * current result as CSV or JSON. Everything it loads comes from the gateway.
 */
import './monaco-workers';
import 'graphiql/style.css';
import '../ui/page.css';
import './explorer.css';
import { ToolbarButton, useGraphiQL, useGraphiQLActions, type GraphiQLPlugin } from '@graphiql/react';
import { GraphiQL, HISTORY_PLUGIN, type GraphiQLProps } from 'graphiql';
import { Kind, parse } from 'graphql';
import { useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { SAVED_OPERATIONS, type SavedOperation } from '../operations';
import { resultCsv, resultJson } from '../shared/csv';
import { responseData, resultTable } from '../shared/result-table';
import { CSV_TYPE, datedFilename, downloadText, JSON_TYPE } from '../ui/download';

const GRAPHQL_URL = new URL('graphql', document.baseURI).toString();

interface FetchResult {
  data?: Record<string, unknown> | null;
  errors?: { message: string }[];
}

type FetchParams = { query: string; operationName?: string | null; variables?: unknown };

/**
 * Right after a tab switch GraphiQL can still hold the previous tab's operation name, which the
 * gateway refuses ("Unknown operation named …"): an operation name the document does not have is
 * replaced by its only operation's, or left out.
 */
function withValidOperationName(params: FetchParams): FetchParams {
  if (!params.operationName) return params;
  let names: string[];
  try {
    names = parse(params.query)
      .definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)
      .map((d) => d.name?.value ?? '');
  } catch {
    return params;
  }
  if (names.includes(params.operationName)) return params;
  const { operationName: _stale, ...rest } = params;
  return names.length === 1 && names[0] ? { ...rest, operationName: names[0] } : rest;
}

/** POST /graphql with the headers editor's headers; a non-JSON answer becomes an error entry. */
async function fetchGraphQL(params: FetchParams, options?: { headers?: Record<string, string> }): Promise<FetchResult> {
  const response = await fetch(GRAPHQL_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...options?.headers },
    body: JSON.stringify(withValidOperationName(params)),
  });
  const body = await response.text();
  try {
    return JSON.parse(body) as FetchResult;
  } catch {
    return { errors: [{ message: `HTTP ${response.status}: ${body.slice(0, 300)}` }] };
  }
}

const fetcher = fetchGraphQL as GraphiQLProps['fetcher'];

function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

function tabOf(operation: SavedOperation) {
  return {
    query: operation.query,
    variables: operation.variables ? json(operation.variables) : null,
    headers: operation.headers ? json(operation.headers) : null,
  };
}

/** Switches to the operation's tab, or opens a new tab with it (e.g. after tabs were closed). */
function useOpenOperation(): (operation: SavedOperation) => void {
  const actions = useGraphiQLActions();
  const tabs = useGraphiQL((state) => state.tabs);
  const editors = useGraphiQL((state) => ({
    query: state.queryEditor,
    variables: state.variableEditor,
    headers: state.headerEditor,
  }));
  return (operation) => {
    const index = tabs.findIndex((tab) => tab.title === operation.name);
    if (index >= 0) {
      actions.changeTab(index);
      return;
    }
    actions.addTab();
    const tab = tabOf(operation);
    editors.query?.setValue(tab.query);
    editors.variables?.setValue(tab.variables ?? '');
    editors.headers?.setValue(tab.headers ?? '');
  };
}

function ExamplesIcon() {
  return (
    <svg viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden>
      <path d="M6 3h9l3 3v15H6z" />
      <path d="M9 9h6M9 13h6M9 17h4" />
    </svg>
  );
}

function ExamplesPane() {
  const open = useOpenOperation();
  return (
    <section className="hub-examples" aria-label="Beispiele">
      <div className="graphiql-doc-explorer-title">Beispiele</div>
      <p className="hub-examples-intro">
        Gespeicherte Abfragen für die Fragen der Analyse und Koordinierung. Jede öffnet sich als Reiter; ▶ führt sie
        aus.
      </p>
      <ul>
        {SAVED_OPERATIONS.map((operation) => (
          <li key={operation.name}>
            <button type="button" onClick={() => open(operation)} data-operation={operation.name}>
              <span className="hub-examples-title">{operation.title}</span>
              <span className="hub-examples-name">{operation.name}</span>
            </button>
            <p>{operation.description}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

const EXAMPLES_PLUGIN: GraphiQLPlugin = { title: 'Beispiele', icon: ExamplesIcon, content: ExamplesPane };

/** What the CSV download will hold, re-read whenever the response pane changes. */
function useResultSummary(): { text: string; parsed: unknown } | null {
  const responseEditor = useGraphiQL((state) => state.responseEditor);
  const [summary, setSummary] = useState<{ text: string; parsed: unknown } | null>(null);
  useEffect(() => {
    if (!responseEditor) return undefined;
    const read = () => {
      const text = responseEditor.getValue();
      try {
        setSummary(text.trim() ? { text, parsed: JSON.parse(text) as unknown } : null);
      } catch {
        setSummary(null);
      }
    };
    read();
    const subscription = responseEditor.onDidChangeModelContent(read);
    return () => subscription.dispose();
  }, [responseEditor]);
  return summary;
}

function DownloadBar() {
  const summary = useResultSummary();
  const operationName = useGraphiQL((state) => state.operationName);
  const data = summary ? responseData(summary.parsed) : undefined;
  const hasData = data !== undefined && data !== null;
  const table = hasData ? resultTable(data) : null;
  const name = operationName || 'ergebnis';
  const where = table && table.path.length > 0 ? ` aus ${table.path.join('.')}` : '';
  const rows = table ? `${table.rows.length} ${table.rows.length === 1 ? 'Zeile' : 'Zeilen'}` : '';
  return (
    <div className="hub-download" data-testid="download-bar">
      <span className="hub-download-label">Ergebnis herunterladen:</span>
      <button
        type="button"
        disabled={!hasData}
        onClick={() => hasData && downloadText(datedFilename(name, 'csv'), resultCsv(data), CSV_TYPE)}
        title="Die erste Liste im Ergebnis als Tabelle: UTF-8, Semikolon, für Excel und LibreOffice"
      >
        CSV
      </button>
      <button
        type="button"
        disabled={!summary}
        onClick={() => summary && downloadText(datedFilename(name, 'json'), resultJson(summary.parsed), JSON_TYPE)}
        title="Das ganze Ergebnis als JSON, wie es angezeigt wird"
      >
        JSON
      </button>
      <span className="hub-download-rows" data-testid="download-rows">
        {table ? `CSV: ${rows}${where}` : summary ? 'Keine Daten im Ergebnis' : 'Noch kein Ergebnis'}
      </span>
    </div>
  );
}

/**
 * GraphiQL 5 opens the first tab with its query but empty variables and headers editors (it
 * takes those from initialVariables/initialHeaders only); this fills them from the tab once.
 */
function SyncFirstTab() {
  const state = useGraphiQL((s) => ({
    tabs: s.tabs,
    activeTabIndex: s.activeTabIndex,
    variables: s.variableEditor,
    headers: s.headerEditor,
  }));
  const done = useRef(false);
  useEffect(() => {
    if (done.current || !state.variables || !state.headers) return;
    done.current = true;
    const tab = state.tabs[state.activeTabIndex];
    if (tab?.variables && !state.variables.getValue()) state.variables.setValue(tab.variables);
    if (tab?.headers && !state.headers.getValue()) state.headers.setValue(tab.headers);
  }, [state]);
  return null;
}

function ExamplesButton() {
  const actions = useGraphiQLActions();
  return (
    <ToolbarButton label="Beispiele anzeigen" onClick={() => actions.setVisiblePlugin(EXAMPLES_PLUGIN)}>
      <ExamplesIcon />
    </ToolbarButton>
  );
}

function Explorer() {
  return (
    <GraphiQL
      fetcher={fetcher}
      defaultTabs={SAVED_OPERATIONS.map(tabOf)}
      plugins={[EXAMPLES_PLUGIN, HISTORY_PLUGIN]}
      defaultEditorToolsVisibility
      shouldPersistHeaders={false}
      showPersistHeadersSettings={false}
    >
      <GraphiQL.Logo>
        <span className="hub-logo">Explorer</span>
      </GraphiQL.Logo>
      <GraphiQL.Toolbar>
        {({ prettify, copy, merge }) => (
          <>
            {prettify}
            {merge}
            {copy}
            <ExamplesButton />
          </>
        )}
      </GraphiQL.Toolbar>
      <GraphiQL.Footer>
        <DownloadBar />
        <SyncFirstTab />
      </GraphiQL.Footer>
    </GraphiQL>
  );
}

const root = document.getElementById('explorer');
if (!root) throw new Error('#explorer is missing from the page');
createRoot(root).render(<Explorer />);
