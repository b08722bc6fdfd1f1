/** The field-by-field diff lives with the kinds (the operator reports drift with it); re-exported here. */
export { diffFields, formatValue, type FieldChange } from '../resources/field-diff.js';
