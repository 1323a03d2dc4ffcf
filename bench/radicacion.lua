-- wrk script of bench/radicacion.py (part 4). Each request is either one filing,
-- a multipart POST of the whole form of /solicitudes/nueva/ (portal/forms.py) with
-- a fresh clave_envio, or one bare insert, a POST to /bench/insertar/ (bench/urls.py).
--
--   wrk ... -s bench/radicacion.lua http://127.0.0.1:PORT/solicitudes/nueva/ \
--       -- radicar SEED OFICIO.pdf SESIONES.txt http://127.0.0.1:PORT
--   wrk ... -s bench/radicacion.lua http://127.0.0.1:PORT/bench/insertar/ \
--       -- insertar SEED
--
-- SESIONES.txt has a line per logged-in municipal user: "sessionid csrftoken
-- csrfmiddlewaretoken" (made server-side by `python -m bench.radicacion preparar`).
-- Requests take the sessions in turn.
--
-- Every response is counted by status. A filing must answer 302 to its confirmation
-- page, /solicitudes/<radicado>/radicada/, and an insert 201; anything else is
-- "unexpected" and the first one is kept. done() prints, for the Python side to
-- check against the database:
--   BENCH estado <status> <count>
--   BENCH radicado <radicado>         (one line per confirmed filing)
--   BENCH inesperadas <count>
--   BENCH-PRIMERA-INESPERADA          (then the status, Location and body start)

local LIMITE = "----BenchRadicacion7MA4YWxkTrZu0gW"

local hilos = {}

function setup(thread)
  table.insert(hilos, thread)
  thread:set("id_hilo", #hilos)
end

local function leer(ruta)
  local archivo = assert(io.open(ruta, "rb"))
  local contenido = archivo:read("*a")
  archivo:close()
  return contenido
end

local function campo(nombre, valor)
  return "--" .. LIMITE .. "\r\n"
    .. 'Content-Disposition: form-data; name="' .. nombre .. '"\r\n\r\n'
    .. valor .. "\r\n"
end

-- A version 4 UUID from math.random, seeded per run and thread by init().
local function uuid4()
  local r = math.random
  return string.format(
    "%04x%04x-%04x-4%03x-%x%03x-%04x%04x%04x",
    r(0, 0xffff), r(0, 0xffff), r(0, 0xffff), r(0, 0xfff),
    r(8, 11), r(0, 0xfff), r(0, 0xffff), r(0, 0xffff), r(0, 0xffff)
  )
end

-- The fields of SolicitudForm, as a browser sends them; the subject and
-- clave_envio, different for every filing, go last.
local CAMPOS = {
  { "nombre_solicitante", "Laura Rincón" },
  { "cargo_solicitante", "Secretaria de Planeación municipal" },
  { "correo_solicitante", "planeacion@bucaramanga.gov.co" },
  { "telefono_solicitante", "607 633 7000" },
  { "plan_vigente", "POT" },
  { "tipo_solicitud", "revision_general" },
  { "tipo_solicitud_otra", "" },
  { "descripcion", "Solicitamos asesoría para la revisión general del POT." },
  { "acepta_tratamiento_datos", "on" },
}

local modo, sesiones, sufijo
local n = 0
estados = {}
radicados = {}
inesperadas = 0
primera = ""

function init(args)
  modo = args[1]
  math.randomseed(tonumber(args[2]) + 7919 * id_hilo)
  sesiones = {}
  if modo == "insertar" then
    table.insert(sesiones, {
      cabeceras = { ["Content-Type"] = "application/x-www-form-urlencoded" },
    })
    return
  end
  local oficio = leer(args[3])
  local origen = args[5]
  for linea in io.lines(args[4]) do
    local sessionid, csrftoken, token = linea:match("^(%S+) (%S+) (%S+)$")
    if sessionid then
      local prefijo = { campo("csrfmiddlewaretoken", token) }
      for _, par in ipairs(CAMPOS) do
        table.insert(prefijo, campo(par[1], par[2]))
      end
      table.insert(sesiones, {
        prefijo = table.concat(prefijo),
        cabeceras = {
          ["Content-Type"] = "multipart/form-data; boundary=" .. LIMITE,
          ["Cookie"] = "sessionid=" .. sessionid .. "; csrftoken=" .. csrftoken,
          ["Origin"] = origen,
          ["Referer"] = origen .. "/solicitudes/nueva/",
        },
      })
    end
  end
  assert(#sesiones > 0, "no sessions in " .. args[4])
  sufijo = "--" .. LIMITE .. "\r\n"
    .. 'Content-Disposition: form-data; name="oficio"; filename="oficio.pdf"\r\n'
    .. "Content-Type: application/pdf\r\n\r\n"
    .. oficio .. "\r\n--" .. LIMITE .. "--\r\n"
end

function request()
  n = n + 1
  local sesion = sesiones[(n + id_hilo) % #sesiones + 1]
  if modo == "insertar" then
    return wrk.format("POST", nil, sesion.cabeceras, "dato=" .. id_hilo .. "-" .. n)
  end
  -- A subject of its own too: the portal takes a form with the same content as
  -- one this session already filed for that filing (portal/views.py, _huella).
  local clave = uuid4()
  local cuerpo = sesion.prefijo
    .. campo("asunto", "Revisión general del POT (bench " .. clave .. ")")
    .. campo("clave_envio", clave) .. sufijo
  return wrk.format("POST", nil, sesion.cabeceras, cuerpo)
end

function response(status, headers, body)
  estados[status] = (estados[status] or 0) + 1
  if modo == "radicar" and status == 302 then
    local radicado = (headers["Location"] or ""):match("^/solicitudes/([%w%-]+)/radicada/$")
    if radicado then
      table.insert(radicados, radicado)
      return
    end
  elseif modo == "insertar" and status == 201 then
    return
  end
  inesperadas = inesperadas + 1
  if primera == "" then
    -- A form sent back with errors (200) says why in its summary of errors.
    local cuerpo = body or ""
    local desde = string.find(cuerpo, 'class="resumen-errores"', 1, true) or 1
    primera = status .. " Location: " .. (headers["Location"] or "-") .. "\n"
      .. string.sub(cuerpo, desde, desde + 799)
  end
end

function done(summary, latency, requests)
  local total, suma_inesperadas, ejemplo = {}, 0, ""
  for _, hilo in ipairs(hilos) do
    for status, cuenta in pairs(hilo:get("estados")) do
      total[status] = (total[status] or 0) + cuenta
    end
    for _, radicado in ipairs(hilo:get("radicados")) do
      io.write("BENCH radicado ", radicado, "\n")
    end
    suma_inesperadas = suma_inesperadas + hilo:get("inesperadas")
    if ejemplo == "" then
      ejemplo = hilo:get("primera")
    end
  end
  for status, cuenta in pairs(total) do
    io.write("BENCH estado ", status, " ", cuenta, "\n")
  end
  io.write("BENCH inesperadas ", suma_inesperadas, "\n")
  if ejemplo ~= "" then
    io.write("BENCH-PRIMERA-INESPERADA\n", ejemplo, "\n")
  end
end
