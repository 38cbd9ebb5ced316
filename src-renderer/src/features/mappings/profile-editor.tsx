import { ErrorCode } from '@contract/error-codes';
import type { Hl7MappingProfile, MappingRule } from '@contract/mapping-profiles';
import { Alert, Anchor, Badge, Button, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { FieldErrors } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/query-hooks';
import { notifyError, notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/page-header';
import { MappingPreview } from './mapping-preview';
import { ProfileCoverage } from './profile-coverage';
import { contentOf } from './profile-content';
import type { PreviewSource } from './preview-source';
import { RetireConfirmation } from './retire-confirmation';
import { issuesByRule, moveRule, newRule, putRule, removeRuleAt } from './rule-edits';
import { RuleForm } from './rule-form';
import { RulesTable } from './rules-table';
import { sourceForPath } from './unmapped-path';
import { useDraftPreview } from './use-draft-preview';
import { VersionHistory } from './version-history';

interface ProfileEditorProps {
  profile: Hl7MappingProfile;
  source: PreviewSource;
  onSourceChange: (source: PreviewSource) => void;
}

/** The rules of one profile as a draft beside a live preview of it; saving writes a new version. */
export function ProfileEditor({ profile, source, onSourceChange }: ProfileEditorProps) {
  const [rules, setRules] = useState<MappingRule[]>(profile.rules);
  const [editing, setEditing] = useState<{ index: number | null; source?: string } | null>(null);
  const [retiring, setRetiring] = useState(false);
  const [saveErrors, setSaveErrors] = useState<FieldErrors>({});
  const transforms = useApiQuery('hl7MappingProfiles.transforms', {}, { staleTime: Infinity });
  const update = useApiMutation('hl7MappingProfiles.update');
  const draft = useMemo(() => ({ ...contentOf(profile), rules }), [profile, rules]);
  const preview = useDraftPreview(draft, source);
  const changed = rules !== profile.rules;
  const issues = issuesByRule({ ...saveErrors, ...(preview.query.error?.fieldErrors ?? {}) });

  const edit = (next: MappingRule[]) => {
    setRules(next);
    setSaveErrors({});
  };
  const save = () =>
    update.mutate(
      { id: profile.id, version: profile.version, ...draft },
      {
        onSuccess: (saved) => notifySuccess(`Saved ${saved.name} as version ${saved.version}`),
        onError: (error) => {
          if (error.code === ErrorCode.INTEROP_VERSION_CONFLICT) notifyError('Not saved', `${profile.name} was changed by someone else. Reload the page to see the latest version.`);
          else if (Object.keys(error.fieldErrors).length > 0) setSaveErrors(error.fieldErrors);
          else notifyError('Not saved', error.message);
        },
      },
    );
  const editingRule = editing && (editing.index === null ? newRule(rules, profile.resources, editing.source) : rules[editing.index]);

  return (
    <Stack gap="md" data-testid="profile-editor" data-profile-id={profile.id} data-version={profile.version}>
      <PageHeader
        title={profile.name}
        description={
          <Group gap="xs" component="span">
            <Anchor component={Link} to="/mappings" size="sm">
              All mapping profiles
            </Anchor>
            <span>·</span>
            <span data-testid="profile-version">Version {profile.version}</span>
            <Badge size="sm" variant="light" color={profile.isDefault ? 'gray' : 'blue'} component="span">
              {profile.isDefault ? 'Default' : 'Custom'}
            </Badge>
            <Badge size="sm" variant="outline" color={profile.status === 'active' ? 'green' : 'gray'} component="span">
              {profile.status}
            </Badge>
            <Text span size="sm" ff="monospace">
              {profile.messageTypes.join(', ')}
            </Text>
          </Group>
        }
        actions={
          <>
            {changed && (
              <Button variant="default" onClick={() => edit(profile.rules)}>
                Discard changes
              </Button>
            )}
            {profile.status === 'active' && (
              <Button variant="subtle" color="red" onClick={() => setRetiring(true)}>
                Retire
              </Button>
            )}
            <Button onClick={save} disabled={!changed} loading={update.isPending}>
              Save as new version
            </Button>
          </>
        }
      />
      {issues.other.length > 0 && (
        <Alert color="red" variant="light" title="The profile has problems">
          {issues.other.map((line) => (
            <Text size="sm" key={line}>
              {line}
            </Text>
          ))}
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Paper withBorder p="sm">
            <Group justify="space-between" mb="xs">
              <Title order={2} size="h4">
                Rules <Text span c="dimmed" size="sm">({rules.length}{changed ? ', unsaved changes' : ''})</Text>
              </Title>
              <Button size="xs" variant="light" onClick={() => setEditing({ index: null })}>
                Add rule
              </Button>
            </Group>
            <RulesTable
              rules={rules}
              resources={profile.resources}
              issues={issues.rules}
              ruleErrors={preview.query.data?.errors ?? []}
              onEdit={(index) => setEditing({ index })}
              onMove={(index, delta) => edit(moveRule(rules, index, delta))}
              onRemove={(index) => edit(removeRuleAt(rules, index))}
            />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <MappingPreview
            source={source}
            onSourceChange={onSourceChange}
            result={preview.query.error ? undefined : preview.query.data}
            error={preview.query.error}
            busy={preview.settling || preview.query.isFetching}
            idle={preview.idle}
          />
        </Grid.Col>
      </Grid>
      <ProfileCoverage profileId={profile.id} onPickPath={(path) => setEditing({ index: null, source: sourceForPath(path) })} />
      <Stack gap="xs">
        <Title order={2} size="h4">
          Version history
        </Title>
        <VersionHistory profileId={profile.id} />
      </Stack>
      {editing && editingRule && (
        <RuleForm
          rule={editingRule}
          isNew={editing.index === null}
          resources={profile.resources}
          transforms={transforms.data ?? []}
          onApply={(rule) => {
            edit(putRule(rules, editing.index, rule));
            setEditing(null);
          }}
          onClose={() => setEditing(null)}
        />
      )}
      {retiring && <RetireConfirmation profile={profile} onClose={() => setRetiring(false)} />}
    </Stack>
  );
}
