import type { FhirMappingProfile, FhirMappingRule } from '@contract/fhir-mapping-profiles';
import { Grid, Stack, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useApiMutation, useApiQuery } from '../../api/query-hooks';
import { notifySuccess } from '../../components/notify';
import { FhirMappingPreview } from './fhir-mapping-preview';
import type { FhirPreviewSource } from './fhir-preview-source';
import { fhirContentOf, segmentTemplatesOf } from './profile-content';
import { ProfileHeader } from './profile-header';
import { ProfileProblems } from './profile-problems';
import { RetireConfirmation } from './retire-confirmation';
import { freeRuleId, issuesByRule } from './rule-edits';
import { RuleForm } from './rule-form';
import { FHIR_RULES } from './rule-kinds';
import { RulesPanel } from './rules-panel';
import { useFhirDraftPreview } from './use-fhir-draft-preview';
import { useRulesDraft } from './use-rules-draft';
import { VersionHistory } from './version-history';

interface FhirProfileEditorProps {
  profile: FhirMappingProfile;
  source: FhirPreviewSource;
  onSourceChange: (source: FhirPreviewSource) => void;
}

/** The rules of one FHIR → HL7 v2 profile as a draft beside a live preview of the message it makes; saving writes a new version. */
export function FhirProfileEditor({ profile, source, onSourceChange }: FhirProfileEditorProps) {
  const draftRules = useRulesDraft(profile.rules, profile.name);
  const { rules, editing } = draftRules;
  const [retiring, setRetiring] = useState(false);
  const transforms = useApiQuery('fhirMappingProfiles.transforms', {}, { staleTime: Infinity });
  const update = useApiMutation('fhirMappingProfiles.update');
  const draft = useMemo(() => ({ ...fhirContentOf(profile), rules }), [profile, rules]);
  const preview = useFhirDraftPreview(draft, source);
  const issues = issuesByRule({ ...draftRules.saveErrors, ...(preview.query.error?.fieldErrors ?? {}) });
  const templates = segmentTemplatesOf(profile.segments);

  const save = () =>
    update.mutate(
      { id: profile.id, version: profile.version, ...draft },
      { onSuccess: (saved) => notifySuccess(`Saved ${saved.name} as version ${saved.version}`), onError: draftRules.onSaveError },
    );
  const editingRule: FhirMappingRule | undefined = editing ? (editing.index === null ? { id: freeRuleId(rules, 'new-rule'), segment: templates[0]?.key ?? '', source: '', target: '' } : rules[editing.index]) : undefined;

  return (
    <Stack gap="md" data-testid="fhir-profile-editor" data-profile-id={profile.id} data-version={profile.version}>
      <ProfileHeader
        profile={profile}
        converts={`${profile.resourceType} → ${profile.messageTypes.join(', ')}`}
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
            targetOf={(rule) => rule.target}
            issues={issues.rules}
            ruleErrors={preview.query.data?.errors ?? []}
            onAdd={() => draftRules.setEditing({ index: null })}
            onEdit={(index) => draftRules.setEditing({ index })}
            onMove={draftRules.move}
            onRemove={draftRules.remove}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <FhirMappingPreview
            resourceType={profile.resourceType}
            source={source}
            onSourceChange={onSourceChange}
            result={preview.query.error ? undefined : preview.query.data}
            error={preview.query.error}
            sourceProblem={preview.sourceProblem}
            busy={preview.settling || preview.query.isFetching}
            idle={preview.idle}
          />
        </Grid.Col>
      </Grid>
      <Stack gap="xs">
        <Title order={2} size="h4">
          Version history
        </Title>
        <VersionHistory direction="fhirMappingProfiles" profileId={profile.id} />
      </Stack>
      {editing && editingRule && (
        <RuleForm
          rule={editingRule}
          isNew={editing.index === null}
          kind={FHIR_RULES}
          owners={templates.map((t) => ({ value: t.key, label: `${t.key} (${t.segment})` }))}
          transforms={transforms.data ?? []}
          onApply={draftRules.apply}
          onClose={() => draftRules.setEditing(null)}
        />
      )}
      {retiring && <RetireConfirmation direction="fhirMappingProfiles" profile={profile} onClose={() => setRetiring(false)} />}
    </Stack>
  );
}
