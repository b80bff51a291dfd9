// Swagger UI on the gateway's own contract; nothing is fetched from anywhere else.
window.SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
});
