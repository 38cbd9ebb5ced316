export * from './tenancy';
export * from './connectors';
export * from './messages';
export * from './fhir';
export * from './jobs';
export * from './events';
export * from './access';
export * from './monitoring';
