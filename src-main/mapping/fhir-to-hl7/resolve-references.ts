import type { Bundle, Resource } from '@medplum/fhirtypes';

/** What a conversion's references resolve to: resources given beside the converted one, or a Bundle of them. */
export type ReferencedResources = Bundle | readonly Resource[];

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
const RELATIVE = /([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/**
 * Finds the resources references name: by a Bundle entry's fullUrl (`urn:uuid:…`), by `Type/id`, by
 * an absolute URL ending in `Type/id`, and `#id` among the converted resource's contained resources.
 */
export class ReferenceResolver {
  private readonly byKey = new Map<string, Node>();

  constructor(
    private readonly root: unknown,
    given: ReferencedResources | undefined,
  ) {
    const bundle = isNode(given) && given.resourceType === 'Bundle' ? (given as Bundle) : undefined;
    const entries: { fullUrl?: unknown; resource?: unknown }[] = bundle ? (Array.isArray(bundle.entry) ? bundle.entry : []) : Array.isArray(given) ? given.map((resource) => ({ resource })) : [];
    for (const entry of [{ resource: root }, ...entries]) {
      if (!isNode(entry) || !isNode(entry.resource)) continue;
      const resource = entry.resource;
      if (typeof entry.fullUrl === 'string') this.byKey.set(entry.fullUrl, resource);
      if (typeof resource.resourceType === 'string' && typeof resource.id === 'string') this.byKey.set(`${resource.resourceType}/${resource.id}`, resource);
    }
  }

  /** The resource a Reference names, or undefined when it is not among those given. */
  resolve(reference: unknown): Node | undefined {
    if (!isNode(reference) || typeof reference.reference !== 'string') return undefined;
    const text = reference.reference.trim();
    if (text.startsWith('#')) {
      const contained = isNode(this.root) && Array.isArray(this.root.contained) ? this.root.contained : [];
      return contained.find((c): c is Node => isNode(c) && c.id === text.slice(1));
    }
    const exact = this.byKey.get(text);
    if (exact) return exact;
    const relative = RELATIVE.exec(text);
    return relative ? this.byKey.get(relative[1] as string) : undefined;
  }
}

/** A Reference (an object with a `reference` text) rather than an inline element. */
export const isReference = (value: unknown): boolean => isNode(value) && typeof value.reference === 'string';
