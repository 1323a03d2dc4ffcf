// Forms of the municipalities' portal (templates/portal/solicitudes/nueva.html).
// Works without it; with it, the error summary takes the focus (keyboards and
// screen readers start there) and a form marked data-un-solo-envio is sent once
// per click. The server is what really prevents double filings (clave_envio).
(function () {
    "use strict";
    var resumen = document.querySelector(".resumen-errores");
    if (resumen) {
        resumen.setAttribute("tabindex", "-1");
        resumen.focus();
    }
    var formularios = document.querySelectorAll("form[data-un-solo-envio]");
    Array.prototype.forEach.call(formularios, function (formulario) {
        var boton = formulario.querySelector("button[type=submit]");
        var texto = boton ? boton.textContent : "";
        formulario.addEventListener("submit", function (evento) {
            if (formulario.dataset.enviado) {
                evento.preventDefault();
                return;
            }
            formulario.dataset.enviado = "1";
            if (boton) {
                boton.setAttribute("aria-disabled", "true");
                boton.textContent = formulario.dataset.enviando || texto;
            }
        });
        // Back from the next page with the page restored from memory: usable again.
        window.addEventListener("pageshow", function (evento) {
            if (evento.persisted) {
                delete formulario.dataset.enviado;
                if (boton) {
                    boton.removeAttribute("aria-disabled");
                    boton.textContent = texto;
                }
            }
        });
    });
})();
