// Swagger UI for /docs (swagger-ui 5.x from the org.webjars:swagger-ui jar, Apache-2.0): this gateway's document only.
// No top bar (it would load any URL), no online validator badge (validator.swagger.io), nothing from a CDN.
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: document.body.dataset.openapi,
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    tryItOutEnabled: false,
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout'
  });
});
