import adtFeed from '../../resources/connector-templates/adt-feed.json';
import cernerFhirR4 from '../../resources/connector-templates/cerner-fhir-r4.json';
import eligibilityService from '../../resources/connector-templates/eligibility-service.json';
import epicFhirR4 from '../../resources/connector-templates/epic-fhir-r4.json';
import immunizationRegistryVxu from '../../resources/connector-templates/immunization-registry-vxu.json';
import lisOruResults from '../../resources/connector-templates/lis-oru-results.json';
import paymentWebhook from '../../resources/connector-templates/payment-webhook.json';
import pharmacyEprescribing from '../../resources/connector-templates/pharmacy-eprescribing.json';
import risOrders from '../../resources/connector-templates/ris-orders.json';
import { ConnectorDefinitionContent } from '../../src-shared';

/** The templates as shipped in resources/connector-templates/, unparsed (connector-templates.test.ts checks each). */
export const SHIPPED_TEMPLATES: readonly unknown[] = [lisOruResults, adtFeed, risOrders, immunizationRegistryVxu, epicFhirR4, cernerFhirR4, pharmacyEprescribing, eligibilityService, paymentWebhook];

/** The shipped templates, parsed: a template that does not parse fails here at load, and in its unit test first. */
export const CONNECTOR_TEMPLATES: readonly ConnectorDefinitionContent[] = SHIPPED_TEMPLATES.map((t) => ConnectorDefinitionContent.parse(t));
