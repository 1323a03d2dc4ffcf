// Transferencias documentales (templates/expedientes/admin/transferencias.html):
// a "todos" checkbox in the table's heading ticks or clears every case file.
// Works without it: each case has its own checkbox.
(function () {
    "use strict";
    var todos = document.querySelector("[data-marcar-todos]");
    if (!todos) {
        return;
    }
    var casillas = document.querySelectorAll("input[name=archivos]");
    function actualizar() {
        var marcadas = Array.prototype.filter.call(casillas, function (c) {
            return c.checked;
        }).length;
        todos.checked = marcadas === casillas.length && marcadas > 0;
        todos.indeterminate = marcadas > 0 && marcadas < casillas.length;
    }
    todos.hidden = false;
    todos.addEventListener("change", function () {
        Array.prototype.forEach.call(casillas, function (c) {
            c.checked = todos.checked;
        });
    });
    Array.prototype.forEach.call(casillas, function (c) {
        c.addEventListener("change", actualizar);
    });
    actualizar();
})();
