import { Button, Group, Paper, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { paramValue, quickFieldsOf, resourceTypes, withParam } from './fhir-query';

const typeOptions = resourceTypes.map((type) => ({ value: type, label: type }));

interface SearchFormProps {
  type: string;
  query: string;
  onSearch: (type: string, query: string) => void;
}

/** The query field is the search; the quick fields each edit one parameter of it. */
export function FhirSearchForm({ type, query, onSearch }: SearchFormProps) {
  const [draft, setDraft] = useState(query);
  const fields = quickFieldsOf(type);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(type, draft);
  };

  return (
    <Paper withBorder p="sm" mb="sm" data-testid="fhir-search">
      <form onSubmit={submit}>
        <Group align="flex-end" gap="sm" wrap="nowrap" mb="xs">
          <Select
            label="Resource type"
            data={typeOptions}
            value={type}
            allowDeselect={false}
            searchable
            w={220}
            onChange={(next) => next && onSearch(next, '')}
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput
            label="Query"
            aria-label="FHIR query"
            placeholder="family=smith&birthdate=ge1980&_count=20"
            value={draft}
            onChange={(event) => setDraft(event.currentTarget.value)}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            style={{ flex: 1 }}
            spellCheck={false}
          />
          <Button type="submit">Search</Button>
          <Button variant="default" disabled={draft === '' && query === ''} onClick={() => onSearch(type, '')}>
            Clear
          </Button>
        </Group>
        <SimpleGrid cols={5} spacing="sm">
          {fields.map((field) => (
            <TextInput
              key={field.name}
              size="xs"
              label={field.label}
              placeholder={field.placeholder}
              value={paramValue(draft, field.name)}
              onChange={(event) => setDraft(withParam(draft, field.name, event.currentTarget.value))}
              data-param={field.name}
              spellCheck={false}
            />
          ))}
        </SimpleGrid>
      </form>
    </Paper>
  );
}
