import type { Hl7MappingProfile } from '@contract/mapping-profiles';
import { Grid, Stack, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useApiMutation, useApiQuery } from '../../api/query-hooks';
import { notifySuccess } from '../../components/notify';
import { MappingPreview } from './mapping-preview';
import { ProfileCoverage } from './profile-coverage';
import { contentOf } from './profile-content';
import { ProfileHeader } from './profile-header';
import { ProfileProblems } from './profile-problems';
import type { PreviewSource } from './preview-source';
import { RetireConfirmation } from './retire-confirmation';
import { issuesByRule, newRule } from './rule-edits';
import { RuleForm } from './rule-form';
import { HL7_RULES } from './rule-kinds';
import { RulesPanel } from './rules-panel';
import { sourceForPath } from './unmapped-path';
import { useDraftPreview } from './use-draft-preview';
import { useRulesDraft } from './use-rules-draft';
import { VersionHistory } from './version-history';

interface ProfileEditorProps {
  profile: Hl7MappingProfile;
  source: PreviewSource;
  onSourceChange: (source: PreviewSource) => void;
}

/** The rules of one HL7 v2 → FHIR profile as a draft beside a live preview of it; saving writes a new version. */
export function ProfileEditor({ profile, source, onSourceChange }: ProfileEditorProps) {
  const draftRules = useRulesDraft(profile.rules, profile.name);
  const { rules, editing } = draftRules;
  const [retiring, setRetiring] = useState(false);
  const transforms = useApiQuery('hl7MappingProfiles.transforms', {}, { staleTime: Infinity });
  const update = useApiMutation('hl7MappingProfiles.update');
  const draft = useMemo(() => ({ ...contentOf(profile), rules }), [profile, rules]);
  const [timeZone, setTimeZone] = useState('');
  const preview = useDraftPreview(draft, source, timeZone);
  const issues = issuesByRule({ ...draftRules.saveErrors, ...(preview.query.error?.fieldErrors ?? {}) });
  const typeOf = new Map(profile.resources.map((r) => [r.key, r.resourceType]));

  const save = () =>
    update.mutate(
      { id: profile.id, version: profile.version, ...draft },
      { onSuccess: (saved) => notifySuccess(`Saved ${saved.name} as version ${saved.version}`), onError: draftRules.onSaveError },
    );
  const editingRule = editing && (editing.index === null ? newRule(rules, profile.resources, editing.source) : rules[editing.index]);

  return (
    <Stack gap="md" data-testid="profile-editor" data-profile-id={profile.id} data-version={profile.version}>
      <ProfileHeader
        profile={profile}
        converts={profile.messageTypes.join(', ')}
        changed={draftRules.changed}
        saving={update.isPending}
        onDiscard={draftRules.discard}
        onRetire={() => setRetiring(true)}
        onSave={save}
      />
      <ProfileProblems lines={issues.other} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <RulesPanel
            rules={rules}
            changed={draftRules.changed}
            targetOf={(rule) => `${typeOf.get(rule.resource) ?? rule.resource}.${rule.target}`}
            issues={issues.rules}
            ruleErrors={preview.query.data?.errors ?? []}
            onAdd={() => draftRules.setEditing({ index: null })}
            onEdit={(index) => draftRules.setEditing({ index })}
            onMove={draftRules.move}
            onRemove={draftRules.remove}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <MappingPreview
            source={source}
            onSourceChange={onSourceChange}
            timeZone={timeZone}
            onTimeZoneChange={setTimeZone}
            result={preview.query.error ? undefined : preview.query.data}
            error={preview.query.error}
            busy={preview.settling || preview.query.isFetching}
            idle={preview.idle}
          />
        </Grid.Col>
      </Grid>
      <ProfileCoverage profileId={profile.id} onPickPath={(path) => draftRules.setEditing({ index: null, source: sourceForPath(path) })} />
      <Stack gap="xs">
        <Title order={2} size="h4">
          Version history
        </Title>
        <VersionHistory direction="hl7MappingProfiles" profileId={profile.id} />
      </Stack>
      {editing && editingRule && (
        <RuleForm
          rule={editingRule}
          isNew={editing.index === null}
          kind={HL7_RULES}
          owners={profile.resources.map((r) => ({ value: r.key, label: `${r.key} (${r.resourceType})` }))}
          transforms={transforms.data ?? []}
          onApply={draftRules.apply}
          onClose={() => draftRules.setEditing(null)}
        />
      )}
      {retiring && <RetireConfirmation direction="hl7MappingProfiles" profile={profile} onClose={() => setRetiring(false)} />}
    </Stack>
  );
}
