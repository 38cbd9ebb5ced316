import type { MappingTransform } from '@contract/mapping-profiles';
import { TRANSFORMS } from '../mapping/transforms/registry';

/** The transforms the engine answers itself (mapping/run-profile.ts), described like the registry's. */
const ENGINE: readonly MappingTransform[] = [
  { name: 'constant', description: 'A fixed value, whatever the message says', output: 'any', args: [{ name: 'value', type: 'string', required: true, description: 'the value written' }] },
  {
    name: 'reference',
    description: 'A Reference to the nearest resource the profile makes from a template',
    output: 'Reference',
    args: [
      { name: 'resource', type: 'string', required: true, description: 'the template key referenced' },
      { name: 'field', type: 'string', required: false, description: 'wraps the Reference under this name' },
      { name: 'with', type: 'string', required: false, description: 'a JSON object of fixed elements added beside it' },
    ],
  },
  {
    name: 'references',
    description: 'References to every resource made from a template within this one\'s group',
    output: 'Reference[]',
    args: [
      { name: 'resource', type: 'string', required: true, description: 'the template key referenced' },
      { name: 'field', type: 'string', required: false, description: 'wraps each Reference under this name' },
      { name: 'with', type: 'string', required: false, description: 'a JSON object of fixed elements added beside each' },
    ],
  },
];

/** Every transform a rule can name, with its arguments, in name order: the rules editor's list. */
export function transformCatalog(): MappingTransform[] {
  const registry = [...TRANSFORMS.values()].map(({ name, description, output, args }) => ({ name, description, output, args: args.map((a) => ({ ...a })) }));
  return [...registry, ...ENGINE].sort((a, b) => a.name.localeCompare(b.name));
}
