// Rows of the case page's formsets (templates/expedientes/admin/_formulario.html),
// added and removed as Wagtail's inline panels do. Works without it: "Añadir una
// fila" is then a submit the server answers with one row more, and "Quitar" a
// checkbox. With it, a row is cloned from the formset's <template> (its
// __prefix__ replaced by the next index, TOTAL_FORMS counted up) and "Quitar"
// ticks the row's DELETE box and hides the row; the server skips it.
(function () {
    "use strict";
    var AVISO_MAXIMO = "Ya hay %s filas, el máximo.";

    function iniciar(grupo) {
        var prefijo = grupo.dataset.filas;
        var maximo = parseInt(grupo.dataset.filasMax, 10);
        var total = grupo.querySelector("input[name='" + prefijo + "-TOTAL_FORMS']");
        var cuerpo = grupo.querySelector("[data-filas-cuerpo]");
        var plantilla = grupo.querySelector("template[data-filas-plantilla]");
        var agregar = grupo.querySelector("[data-filas-agregar]");
        var aviso = grupo.querySelector("[data-filas-aviso]");
        if (!total || !cuerpo || !plantilla || !agregar) {
            return;
        }

        function visibles() {
            return cuerpo.querySelectorAll("tr[data-filas-fila]:not([hidden])").length;
        }

        function actualizar() {
            var lleno = visibles() >= maximo;
            agregar.disabled = lleno;
            if (aviso) {
                aviso.textContent = lleno ? AVISO_MAXIMO.replace("%s", maximo) : "";
            }
        }

        function preparar(fila) {
            var casilla = fila.querySelector("input[name$='-DELETE']");
            var boton = fila.querySelector("[data-filas-quitar]");
            if (!casilla || !boton) {
                return;
            }
            casilla.closest("label").hidden = true;
            boton.hidden = false;
            boton.addEventListener("click", function () {
                casilla.checked = true;
                fila.hidden = true;
                actualizar();
                var siguiente = agregar;
                siguiente.focus();
            });
        }

        Array.prototype.forEach.call(
            cuerpo.querySelectorAll("tr[data-filas-fila]"),
            function (fila) {
                var casilla = fila.querySelector("input[name$='-DELETE']");
                if (casilla && casilla.checked) {
                    fila.hidden = true;
                }
                preparar(fila);
            }
        );

        // A button, not a submit, while this script runs.
        agregar.type = "button";
        agregar.removeAttribute("name");
        agregar.addEventListener("click", function () {
            if (visibles() >= maximo) {
                actualizar();
                return;
            }
            var indice = parseInt(total.value, 10) || 0;
            var html = plantilla.innerHTML.replace(/__prefix__/g, String(indice));
            var molde = document.createElement("tbody");
            molde.innerHTML = html.replace(/fila nueva/g, "fila " + (indice + 1));
            var fila = molde.querySelector("tr");
            cuerpo.appendChild(fila);
            total.value = String(indice + 1);
            preparar(fila);
            actualizar();
            var primero = fila.querySelector("input, select, textarea");
            if (primero) {
                primero.focus();
            }
        });
        actualizar();
    }

    Array.prototype.forEach.call(document.querySelectorAll("[data-filas]"), iniciar);
})();
