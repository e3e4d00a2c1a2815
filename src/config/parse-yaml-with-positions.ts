// Parses YAML text keeping node positions, so any JSON pointer into the data maps back to a line and column.
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import { hasCycle } from './has-cycle.js';
import type { SpecProblem } from './spec-problem.js';

export interface Position {
  line: number;
  col: number;
}

export interface ParsedYaml {
  /** The document as plain data (null for an empty file); meaningless when `problems` is not empty. */
  data: unknown;
  /** YAML syntax errors, each at its own position. */
  problems: SpecProblem[];
  /**
   * Where the value at `path` is written. When the path does not exist, the position of its deepest existing
   * parent (so a missing key points at the mapping that lacks it). `key: true` gives the position of the last
   * segment's key instead of its value (for unknown keys).
   */
  locate(path: readonly (string | number)[], options?: { key?: boolean }): Position;
}

/** A YAML error message without the position and code frame the yaml package appends. */
function bareMessage(message: string): string {
  return message.replace(/ at line \d+, column \d+:[\s\S]*$/, '').trim();
}

export function parseYamlWithPositions(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  const problems: SpecProblem[] = doc.errors.map((error) => {
    const position = error.linePos?.[0] ?? at(error.pos[0]);
    return { location: { line: position.line, col: position.col }, message: `YAML: ${bareMessage(error.message)}` };
  });
  let data: unknown = null;
  if (problems.length === 0) {
    try {
      // The yaml package refuses aliases that expand beyond MAX_ALIAS_COUNT nodes ("billion laughs": a few lines
      // that would take gigabytes as data) with a ReferenceError; that is a mistake in the file, not a crash.
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      if (hasCycle(data)) {
        data = null;
        problems.push({
          location: firstAliasPosition(doc, at),
          message: 'YAML: an alias refers to a value that contains it (e.g. &a [*a]), which has no end; write the value out',
        });
      }
    } catch (error) {
      if (!(error instanceof ReferenceError)) throw error;
      problems.push({
        location: firstAliasPosition(doc, at),
        message: `YAML: aliases expand to too many values (more than ${MAX_ALIAS_COUNT} alias expansions); write the values out or use fewer nested aliases`,
      });
    }
  }
  return { data: data === undefined ? null : data, problems, locate: (path, options) => locateNode(doc, path, options?.key === true, at) };
}

/** Alias expansions allowed when the document becomes data (the yaml package's default, named here). */
const MAX_ALIAS_COUNT = 100;

function firstAliasPosition(doc: Document, at: (offset: number) => Position): Position {
  let position: Position = { line: 1, col: 1 };
  visit(doc, {
    Alias(_key, node) {
      if (node.range) position = at(node.range[0]);
      return visit.BREAK;
    },
  });
  return position;
}

function resolveNode(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** Where a pair's value reads best: the value itself for scalars and flow collections, else its key's line. */
function pairPosition(pair: Pair, at: (offset: number) => Position): Position | undefined {
  const value = pair.value as Node | null;
  const key = pair.key as Node | null;
  const valueIsVisible =
    value?.range != null &&
    value.range[1] > value.range[0] &&
    (isScalar(value) || isAlias(value) || (isCollection(value) && value.flow === true));
  if (valueIsVisible) return at(value.range![0]);
  if (key?.range) return at(key.range[0]);
  return value?.range ? at(value.range[0]) : undefined;
}

function locateNode(
  doc: Document,
  path: readonly (string | number)[],
  wantKey: boolean,
  at: (offset: number) => Position,
): Position {
  const root = doc.contents as Node | null;
  let position: Position = root?.range ? at(root.range[0]) : { line: 1, col: 1 };
  let current: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const segment = String(path[i]);
    const last = i === path.length - 1;
    current = resolveNode(doc, current);
    if (isMap(current)) {
      const pair = current.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) return position;
      const key = pair.key as Node;
      if (last && wantKey && key.range) return at(key.range[0]);
      position = pairPosition(pair, at) ?? position;
      current = pair.value;
    } else if (isSeq(current)) {
      const item = current.items[Number(segment)] as Node | undefined;
      if (!Number.isInteger(Number(segment)) || item === undefined) return position;
      if (item.range) position = at(item.range[0]);
      current = item;
    } else {
      return position;
    }
  }
  return position;
}
