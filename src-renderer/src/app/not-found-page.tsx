import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PageHeader } from '../components/page-header';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <Text size="sm">
        There is no console page at this address.{' '}
        <Anchor component={Link} to="/dashboard">
          Go to the dashboard
        </Anchor>
      </Text>
    </>
  );
}
