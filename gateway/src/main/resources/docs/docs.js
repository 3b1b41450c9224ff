// Interactive API docs over the OpenAPI document the build generates from the controllers.
window.ui = SwaggerUIBundle({
  url: '/openapi/crowdfund-api.yml',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: true
});
