import { List, Paper, Text } from '@mantine/core';
import { PageHeader } from './page-header';

/** A section whose screen is not built yet, saying what it will hold so operators know where to look. */
export function PlannedPage({ title, summary, features }: { title: string; summary: string; features: readonly string[] }) {
  return (
    <>
      <PageHeader title={title} description={summary} />
      <Paper withBorder p="md" maw={720} data-testid="planned-page">
        <Text size="sm" fw={600} mb="xs">
          Planned for this view
        </Text>
        <List size="sm" spacing={4}>
          {features.map((feature) => (
            <List.Item key={feature}>{feature}</List.Item>
          ))}
        </List>
      </Paper>
    </>
  );
}
