import { Tabs } from '@mantine/core';
import { useNavigate } from 'react-router';

export type FhirArea = 'browse' | 'exports';

const pathOf: Record<FhirArea, string> = { browse: '/fhir', exports: '/fhir/exports' };

/** Browse and Exports are two pages of the FHIR section, switched here rather than in the sidebar. */
export function FhirAreaTabs({ value }: { value: FhirArea }) {
  const navigate = useNavigate();
  return (
    <Tabs value={value} onChange={(next) => void navigate(pathOf[next === 'exports' ? 'exports' : 'browse'])} mb="sm">
      <Tabs.List>
        <Tabs.Tab value="browse">Browse</Tabs.Tab>
        <Tabs.Tab value="exports" data-testid="fhir-exports-tab">
          Exports
        </Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}
