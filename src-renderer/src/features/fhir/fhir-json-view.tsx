import { useState, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { linkedReference, resourcePath } from './fhir-reference';
import classes from './fhir-json-view.module.css';

const INDENT_EM = 1.4;

/** FHIR JSON, pretty-printed and foldable, with every `reference` a link that opens the resource. */
export function FhirJsonView({ value, label }: { value: unknown; label: string }) {
  return (
    <div className={classes.root} aria-label={label} data-testid="fhir-json">
      <JsonNode name={null} value={value} depth={0} last />
    </div>
  );
}

interface NodeProps {
  name: string | number | null;
  value: unknown;
  depth: number;
  last: boolean;
}

function JsonNode({ name, value, depth, last }: NodeProps) {
  // Narratives are long HTML that nobody reads here; they start folded.
  const [open, setOpen] = useState(name !== 'text' || depth !== 1);
  const comma = last ? '' : ',';
  const isArray = Array.isArray(value);
  if (typeof value !== 'object' || value === null) {
    return (
      <Line depth={depth}>
        <span className={classes.spacer} />
        <Key name={name} />
        <Scalar name={name} value={value} />
        <span className={classes.punct}>{comma}</span>
      </Line>
    );
  }
  const children: [string | number, unknown][] = isArray ? value.map((item, index) => [index, item]) : Object.entries(value);
  const [opening, closing] = isArray ? ['[', ']'] : ['{', '}'];
  const toggle = (
    <button type="button" className={classes.toggle} onClick={() => setOpen(!open)} aria-expanded={open} aria-label={`${open ? 'Fold' : 'Unfold'} ${name ?? 'resource'}`}>
      {open ? '▾' : '▸'}
    </button>
  );
  if (!open || children.length === 0) {
    const count = children.length;
    return (
      <Line depth={depth}>
        {count === 0 ? <span className={classes.spacer} /> : toggle}
        <Key name={name} />
        <span className={classes.punct}>{opening}</span>
        {count > 0 && <span className={classes.folded}> {isArray ? `${count} ${count === 1 ? 'item' : 'items'}` : `${count} ${count === 1 ? 'key' : 'keys'}`} </span>}
        <span className={classes.punct}>
          {closing}
          {comma}
        </span>
      </Line>
    );
  }
  return (
    <>
      <Line depth={depth}>
        {toggle}
        <Key name={name} />
        <span className={classes.punct}>{opening}</span>
      </Line>
      {children.map(([key, child], index) => (
        <JsonNode key={key} name={isArray ? null : key} value={child} depth={depth + 1} last={index === children.length - 1} />
      ))}
      <Line depth={depth}>
        <span className={classes.spacer} />
        <span className={classes.punct}>
          {closing}
          {comma}
        </span>
      </Line>
    </>
  );
}

function Line({ depth, children }: { depth: number; children: ReactNode }) {
  return (
    <div className={classes.line} style={{ paddingLeft: `${depth * INDENT_EM}em` }}>
      {children}
    </div>
  );
}

function Key({ name }: { name: string | number | null }) {
  if (name === null) return null;
  return (
    <>
      <span className={classes.key}>{JSON.stringify(String(name))}</span>
      <span className={classes.punct}>: </span>
    </>
  );
}

function Scalar({ name, value }: { name: string | number | null; value: unknown }) {
  const { search } = useLocation();
  const target = linkedReference(name, value);
  if (target) {
    return (
      <Link to={{ pathname: resourcePath(target), search }} className={classes.reference} data-testid="fhir-reference" data-reference={`${target.type}/${target.id}`}>
        {JSON.stringify(value)}
      </Link>
    );
  }
  if (typeof value === 'string') return <span className={classes.string}>{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className={classes.number}>{String(value)}</span>;
  return <span className={classes.literal}>{JSON.stringify(value) ?? 'null'}</span>;
}
