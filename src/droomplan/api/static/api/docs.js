// Starts Swagger UI on the API's own OpenAPI description (a static file: the
// Content-Security-Policy allows no inline script).
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  if (!node || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: node.getAttribute("data-schema-url"),
    domNode: node,
    deepLinking: true,
    validatorUrl: null,
    tryItOutEnabled: false,
    withCredentials: true
  });
})();
