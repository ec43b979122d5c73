export { bflOpenapiDocument } from './documents/bfl-openapi.js';
export { ideogramV3OpenapiDocument } from './documents/ideogram-v3-openapi.js';
export { imagenPredictSchemaDocument } from './documents/imagen-predict-schema.js';
export { openaiImagesOpenapiDocument } from './documents/openai-images-openapi.js';
export { stabilitySd3SchemaDocument } from './documents/stability-sd3-schema.js';
export {
  JsonSchemaValidator,
  multipartToObject,
  OpenApiValidator,
  type SpecRequestBody,
  type SpecViolation,
  specRequestBody,
} from './spec-validator.js';
