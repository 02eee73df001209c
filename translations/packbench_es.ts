<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>AcknowledgeHandling</name>
    <message>
        <source>✔ Acknowledge  [{key}]</source>
        <translation>✔ Confirmar  [{key}]</translation>
    </message>
    <message>
        <source>A supervisor&apos;s badge acknowledges it.</source>
        <translation>Lo confirma la tarjeta de un supervisor.</translation>
    </message>
    <message>
        <source>Scan ACKNOWLEDGE or press [{key}].</source>
        <translation>Escanee ACKNOWLEDGE o pulse [{key}].</translation>
    </message>
    <message>
        <source>a supervisor&apos;s badge</source>
        <translation>tarjeta de un supervisor</translation>
    </message>
    <message>
        <source>NOT DONE</source>
        <translation>NO HECHO</translation>
    </message>
    <message>
        <source>Acknowledged by {name}. Carry on scanning.</source>
        <translation>Confirmado por {name}. Siga escaneando.</translation>
    </message>
    <message>
        <source>NOT COUNTED</source>
        <translation>NO CONTADO</translation>
    </message>
</context>
<context>
    <name>BoxDialog</name>
    <message>
        <source>in use</source>
        <translation>en uso</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Inside length (mm)</source>
        <translation>Largo interior (mm)</translation>
    </message>
    <message>
        <source>Inside width (mm)</source>
        <translation>Ancho interior (mm)</translation>
    </message>
    <message>
        <source>Inside height (mm)</source>
        <translation>Alto interior (mm)</translation>
    </message>
    <message>
        <source>Tare (g)</source>
        <translation>Tara (g)</translation>
    </message>
    <message>
        <source>Maximum weight (g)</source>
        <translation>Peso máximo (g)</translation>
    </message>
</context>
<context>
    <name>BoxUseTable</name>
    <message>
        <source>Box use (parcels closed per box type)</source>
        <translation>Uso de cajas (bultos cerrados por tipo de caja)</translation>
    </message>
    <message>
        <source>Box use: {0} parcel(s) closed in a scanned box</source>
        <translation>Uso de cajas: {0} bulto(s) cerrado(s) en una caja escaneada</translation>
    </message>
</context>
<context>
    <name>BoxesPanel</name>
    <message>
        <source>Add box  [Ctrl+Shift+N]</source>
        <translation>Añadir caja  [Ctrl+Shift+N]</translation>
    </message>
    <message>
        <source>Change box  [Ctrl+Shift+E]</source>
        <translation>Cambiar caja  [Ctrl+Shift+E]</translation>
    </message>
    <message>
        <source>Fill factor  [Ctrl+Shift+F]</source>
        <translation>Factor de llenado  [Ctrl+Shift+F]</translation>
    </message>
    <message>
        <source>Box types (a whole file with &apos;packbench import boxes&apos;)</source>
        <translation>Tipos de caja (un archivo completo con &apos;packbench import boxes&apos;)</translation>
    </message>
    <message>
        <source>Suggestions fill boxes to {0} of their volume.</source>
        <translation>Las sugerencias llenan las cajas al {0} de su volumen.</translation>
    </message>
    <message>
        <source>Box {0} saved.</source>
        <translation>Caja {0} guardada.</translation>
    </message>
    <message>
        <source>Add a box type</source>
        <translation>Añadir un tipo de caja</translation>
    </message>
    <message>
        <source>Choose the box type to change in the list first.</source>
        <translation>Elija primero en la lista el tipo de caja que quiere cambiar.</translation>
    </message>
    <message>
        <source>Change box {0}</source>
        <translation>Cambiar caja {0}</translation>
    </message>
    <message>
        <source>Fill factor of the box suggestion</source>
        <translation>Factor de llenado de la caja sugerida</translation>
    </message>
    <message>
        <source>Fill factor set to {0}.</source>
        <translation>Factor de llenado fijado en {0}.</translation>
    </message>
</context>
<context>
    <name>ConsoleDoor</name>
    <message>
        <source>Supervisor console  [{key}]</source>
        <translation>Consola de supervisor  [{key}]</translation>
    </message>
</context>
<context>
    <name>DeviceStatusLabel</name>
    <message>
        <source>connected</source>
        <extracomment>Per state: (background, text colour, wording). Tags with a solid background read well on the dark header and on a light window alike.</extracomment>
        <translation>conectado</translation>
    </message>
    <message>
        <source>disconnected (reconnecting)</source>
        <translation>desconectado (reconectando)</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>desconectado</translation>
    </message>
    <message>
        <source>error</source>
        <translation>error</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Báscula</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Escáner</translation>
    </message>
</context>
<context>
    <name>DockScreen</name>
    <message>
        <source>Dock: scan your badge</source>
        <extracomment>One sound per kind of answer, so the loader hears it without looking. The cage&apos;s counts as they stand (a read), for the idle screen&apos;s refresh; None: none. How often the idle dock reads its cage&apos;s counts again (parcels labelled, voided elsewhere).</extracomment>
        <translation>Muelle: escanee su tarjeta</translation>
    </message>
    <message>
        <source>No cage chosen</source>
        <translation>Ninguna jaula elegida</translation>
    </message>
    <message>
        <source>Scan your badge to start.</source>
        <translation>Escanee su tarjeta para empezar.</translation>
    </message>
    <message>
        <source>Scan your badge first.</source>
        <translation>Escanee primero su tarjeta.</translation>
    </message>
    <message>
        <source>{user} at {station}</source>
        <translation>{user} en {station}</translation>
    </message>
    <message>
        <source>Signed in. Scan a manifest barcode or the first parcel.</source>
        <translation>Sesión iniciada. Escanee el código de un manifiesto o el primer paquete.</translation>
    </message>
    <message>
        <source>Signed in.</source>
        <translation>Sesión iniciada.</translation>
    </message>
    <message>
        <source>Signed out. Scan your badge to start.</source>
        <translation>Sesión cerrada. Escanee su tarjeta para empezar.</translation>
    </message>
    <message>
        <source>{cage} cage, pick-up {when}</source>
        <translation>Jaula {cage}, recogida {when}</translation>
    </message>
    <message>
        <source>Order {reference} handed over.</source>
        <translation>Pedido {reference} entregado.</translation>
    </message>
</context>
<context>
    <name>LabelQuestion</name>
    <message>
        <source>✔ Yes, it came out  [{key}]</source>
        <translation>✔ Sí, ha salido  [{key}]</translation>
    </message>
    <message>
        <source>↻ No, print it  [{key}]</source>
        <translation>↻ No, imprimirla  [{key}]</translation>
    </message>
    <message>
        <source>   (+{count} more after this one)</source>
        <translation>   (+{count} más después de esta)</translation>
    </message>
    <message>
        <source>⚠ LABEL INTERRUPTED ON PRINTER {printer}: look at the printer.</source>
        <translation>⚠ ETIQUETA INTERRUMPIDA EN LA IMPRESORA {printer}: revise la impresora.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Station {name}</source>
        <translation>Puesto {name}</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Sin sesión</translation>
    </message>
    <message>
        <source>Printer: {name}</source>
        <translation>Impresora: {name}</translation>
    </message>
    <message>
        <source>Test scan</source>
        <translation>Prueba de escaneo</translation>
    </message>
    <message>
        <source>Test printer</source>
        <translation>Probar impresora</translation>
    </message>
    <message>
        <source>Printer…</source>
        <translation>Impresora…</translation>
    </message>
    <message>
        <source>packer</source>
        <translation>empacador</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>administrador</translation>
    </message>
</context>
<context>
    <name>Message</name>
    <message>
        <source>A supervisor must acknowledge this: scan a supervisor&apos;s badge.</source>
        <translation>Debe confirmarlo un supervisor: escanee la tarjeta de un supervisor.</translation>
    </message>
    <message>
        <source>Acknowledge the error first: scan ACKNOWLEDGE or press [F7].</source>
        <translation>Confirme primero el error: escanee ACKNOWLEDGE o pulse [F7].</translation>
    </message>
    <message>
        <source>Badge not recognised. Ask a supervisor.</source>
        <translation>Tarjeta no reconocida. Consulte a un supervisor.</translation>
    </message>
    <message>
        <source>Badge not recognised: the error is still to acknowledge.</source>
        <translation>Tarjeta no reconocida: el error sigue sin confirmar.</translation>
    </message>
    <message>
        <source>Check the scanner&apos;s GS1 settings; if it keeps happening, the label is misprinted.</source>
        <translation>Revise la configuración GS1 del escáner; si sigue ocurriendo, la etiqueta está mal impresa.</translation>
    </message>
    <message>
        <source>DATA NEEDED</source>
        <translation>FALTAN DATOS</translation>
    </message>
    <message>
        <source>Did the label for parcel {number} (tracking {tracking}, order {order}) come out?</source>
        <translation>¿Salió la etiqueta del bulto {number} (seguimiento {tracking}, pedido {order})?</translation>
    </message>
    <message>
        <source>EAN-8 barcode {code} does not have 8 digits. {again}</source>
        <translation>El código EAN-8 {code} no tiene 8 dígitos. {again}</translation>
    </message>
    <message>
        <source>EAN/UPC barcode with add-on {code} could not be split. {again}</source>
        <translation>No se pudo separar el código EAN/UPC con complemento {code}. {again}</translation>
    </message>
    <message>
        <source>EAN/UPC barcode {code} has {length} digits. {again}</source>
        <translation>El código EAN/UPC {code} tiene {length} dígitos. {again}</translation>
    </message>
    <message>
        <source>EAN/UPC barcode {code} holds something other than digits. {again}</source>
        <translation>El código EAN/UPC {code} contiene algo que no son dígitos. {again}</translation>
    </message>
    <message>
        <source>EEPROM error</source>
        <translation>error de EEPROM</translation>
    </message>
    <message>
        <source>EXPIRED</source>
        <translation>CADUCADO</translation>
    </message>
    <message>
        <source>Empty scan: nothing was read. Scan again.</source>
        <translation>Escaneo vacío: no se leyó nada. Escanee de nuevo.</translation>
    </message>
    <message>
        <source>Every unit is verified: press Complete [F12] to close the last parcel.</source>
        <translation>Todas las unidades están verificadas: pulse Completar [F12] para cerrar el último bulto.</translation>
    </message>
    <message>
        <source>GS1 Digital Link {code} could not be read. {again}</source>
        <translation>No se pudo leer el GS1 Digital Link {code}. {again}</translation>
    </message>
    <message>
        <source>GS1 barcode holds an empty count. {again}</source>
        <translation>El código GS1 contiene una cantidad vacía. {again}</translation>
    </message>
    <message>
        <source>GS1 barcode holds no data. {again}</source>
        <translation>El código GS1 no contiene datos. {again}</translation>
    </message>
    <message>
        <source>GS1 barcode holds the {field} twice, with different values ({first} and {second}). {again}</source>
        <translation>El código GS1 contiene el campo {field} dos veces, con valores distintos ({first} y {second}). {again}</translation>
    </message>
    <message>
        <source>GS1 barcode not readable: the {field} field {ai} is malformed ({data}). {again}</source>
        <translation>Código GS1 ilegible: el campo {field} ({ai}) está mal formado ({data}). {again}</translation>
    </message>
    <message>
        <source>GS1 barcode not readable: the {field} {data} is not a real date. {again}</source>
        <translation>Código GS1 ilegible: el campo {field} {data} no es una fecha real. {again}</translation>
    </message>
    <message>
        <source>GS1 barcode not readable: unexpected character {character} {where}. If the scanner sends {sent} in place of the GS1 separator, set it as the station&apos;s substitute separator. {again}</source>
        <translation>Código GS1 ilegible: carácter inesperado {character} {where}. Si el escáner envía {sent} en lugar del separador GS1, configúrelo como separador sustituto del puesto. {again}</translation>
    </message>
    <message>
        <source>GS1 barcode not readable: unexpected character {character} {where}. {again}</source>
        <translation>Código GS1 ilegible: carácter inesperado {character} {where}. {again}</translation>
    </message>
    <message>
        <source>GS1 barcode not readable: unknown GS1 field {start}... {where}. {again}</source>
        <translation>Código GS1 ilegible: campo GS1 desconocido {start}... {where}. {again}</translation>
    </message>
    <message>
        <source>GS1 barcode {code} holds characters GS1 does not allow. {again}</source>
        <translation>El código GS1 {code} contiene caracteres que GS1 no permite. {again}</translation>
    </message>
    <message>
        <source>GS1 separator missing: the {field} swallowed the next field (it reached its maximum of {limit} characters and the rest does not fit). {check}</source>
        <translation>Falta el separador GS1: el campo {field} se tragó el campo siguiente (llegó a su máximo de {limit} caracteres y el resto no cabe). {check}</translation>
    </message>
    <message>
        <source>GS1 separator missing: the {field} swallowed the next field (the {field} {value} ends in {tail}, which reads as the {next_field}). {check}</source>
        <translation>Falta el separador GS1: el campo {field} se tragó el campo siguiente (el campo {field} {value} termina en {tail}, que se lee como el campo {next_field}). {check}</translation>
    </message>
    <message>
        <source>GS1 text {code} could not be read: every field must be an AI in parentheses followed by its data. {again}</source>
        <translation>No se pudo leer el texto GS1 {code}: cada campo debe ser un AI entre paréntesis seguido de sus datos. {again}</translation>
    </message>
    <message>
        <source>GTIN of the contents</source>
        <translation>GTIN del contenido</translation>
    </message>
    <message>
        <source>Give a reason for the hold.</source>
        <translation>Indique un motivo para retener.</translation>
    </message>
    <message>
        <source>Give a reason for {what} ({reasons}, or type one).</source>
        <translation>Indique un motivo para {what} ({reasons}, o escriba uno).</translation>
    </message>
    <message>
        <source>Hold cancelled: scan a hold reason from the sheet.</source>
        <translation>Retención cancelada: escanee un motivo de la hoja.</translation>
    </message>
    <message>
        <source>INVALID BARCODE</source>
        <translation>CÓDIGO NO VÁLIDO</translation>
    </message>
    <message>
        <source>Interrupted while sending.</source>
        <translation>Interrumpido durante el envío.</translation>
    </message>
    <message>
        <source>Invalid SSCC {code}: the check digit is wrong. {again}</source>
        <translation>SSCC {code} no válido: el dígito de control es incorrecto. {again}</translation>
    </message>
    <message>
        <source>Invalid barcode {code}: the check digit is wrong (read as EAN-8 and as UPC-E). {again}</source>
        <translation>Código no válido {code}: el dígito de control es incorrecto (leído como EAN-8 y como UPC-E). {again}</translation>
    </message>
    <message>
        <source>Invalid barcode {code}: the check digit is wrong. {again}</source>
        <translation>Código no válido {code}: el dígito de control es incorrecto. {again}</translation>
    </message>
    <message>
        <source>Invalid {field} {code} in the GS1 barcode: the check digit is wrong. {again}</source>
        <translation>Campo {field} {code} no válido en el código GS1: el dígito de control es incorrecto. {again}</translation>
    </message>
    <message>
        <source>It had left with {cage} on manifest {manifest}: tell {cage} not to deliver it.</source>
        <translation>Ya había salido con {cage} en el manifiesto {manifest}: avise a {cage} de que no lo entregue.</translation>
    </message>
    <message>
        <source>Label {tracking} has no open question.</source>
        <translation>La etiqueta {tracking} no tiene ninguna pregunta pendiente.</translation>
    </message>
    <message>
        <source>Label {tracking} is void: destroy it. Its tracking number and SSCC {sscc} will never be used again.</source>
        <translation>La etiqueta {tracking} está anulada: destrúyala. Su número de seguimiento y su SSCC {sscc} no se volverán a usar.</translation>
    </message>
    <message>
        <source>Label {tracking} is void: destroy it. Its tracking number will never be used again.</source>
        <translation>La etiqueta {tracking} está anulada: destrúyala. Su número de seguimiento no se volverá a usar.</translation>
    </message>
    <message>
        <source>Label {tracking} printed.</source>
        <translation>Etiqueta {tracking} impresa.</translation>
    </message>
    <message>
        <source>Label {tracking} prints again.</source>
        <translation>La etiqueta {tracking} se imprime de nuevo.</translation>
    </message>
    <message>
        <source>Label {tracking} was voided ({reason}).</source>
        <translation>La etiqueta {tracking} se anuló ({reason}).</translation>
    </message>
    <message>
        <source>Lot {lot} of {product} expired on {expiry}. Put it aside.</source>
        <translation>El lote {lot} de {product} caducó el {expiry}. Apártelo.</translation>
    </message>
    <message>
        <source>NOT A PRODUCT</source>
        <translation>NO ES UN PRODUCTO</translation>
    </message>
    <message>
        <source>NOT COUNTED: ACKNOWLEDGE FIRST</source>
        <translation>NO CONTADO: CONFIRME PRIMERO</translation>
    </message>
    <message>
        <source>No SSCC numbers left in the site&apos;s range. Nothing was labelled; ask an admin to add an SSCC range (packbench ranges add sscc).</source>
        <translation>No quedan números SSCC en el rango del almacén. No se etiquetó nada; pida a un administrador que añada un rango SSCC (packbench ranges add sscc).</translation>
    </message>
    <message>
        <source>No box suggested: the size of {skus} is not known. Choose a box.</source>
        <translation>Sin caja sugerida: no se conoce el tamaño de {skus}. Elija una caja.</translation>
    </message>
    <message>
        <source>No box types are set up: choose any box.</source>
        <translation>No hay tipos de caja configurados: elija cualquier caja.</translation>
    </message>
    <message>
        <source>No interrupted label to answer.</source>
        <translation>No hay ninguna etiqueta interrumpida que responder.</translation>
    </message>
    <message>
        <source>No one box takes it all (too heavy for {box}): pack it in several parcels.</source>
        <translation>Ninguna caja lo admite todo (demasiado pesado para {box}): repártalo en varios bultos.</translation>
    </message>
    <message>
        <source>No one box takes it all (too large for {box}): pack it in several parcels.</source>
        <translation>Ninguna caja lo admite todo (demasiado grande para {box}): repártalo en varios bultos.</translation>
    </message>
    <message>
        <source>No open order to complete.</source>
        <translation>No hay pedido abierto que completar.</translation>
    </message>
    <message>
        <source>No open order to hold.</source>
        <translation>No hay pedido abierto que retener.</translation>
    </message>
    <message>
        <source>No open order: nothing to undo.</source>
        <translation>No hay pedido abierto: nada que deshacer.</translation>
    </message>
    <message>
        <source>No order for {code}.</source>
        <translation>Ningún pedido para {code}.</translation>
    </message>
    <message>
        <source>No parcel found for {scanned}: scan the label, or type the order reference or tracking number.</source>
        <translation>No se encontró ningún bulto para {scanned}: escanee la etiqueta o escriba la referencia del pedido o el número de seguimiento.</translation>
    </message>
    <message>
        <source>No refused weight to accept.</source>
        <translation>No hay peso rechazado que aceptar.</translation>
    </message>
    <message>
        <source>No stable weight yet: put the parcel on the scale, wait for it to settle, then press again.</source>
        <translation>Aún no hay peso estable: ponga el bulto en la báscula, espere a que se estabilice y pulse de nuevo.</translation>
    </message>
    <message>
        <source>No station is called {station}.</source>
        <translation>Ninguna estación se llama {station}.</translation>
    </message>
    <message>
        <source>No tracking numbers left for carrier {carrier}. Nothing was labelled; ask an admin to add a tracking range (packbench ranges add).</source>
        <translation>No quedan números de seguimiento para {carrier}. No se etiquetó nada; pida a un administrador que añada un rango (packbench ranges add).</translation>
    </message>
    <message>
        <source>No users yet: an admin adds them with {command}.</source>
        <translation>Aún no hay usuarios: un administrador los añade con {command}.</translation>
    </message>
    <message>
        <source>Nothing left to pack: no box to suggest.</source>
        <translation>No queda nada por embalar: ninguna caja que sugerir.</translation>
    </message>
    <message>
        <source>Nothing to acknowledge.</source>
        <translation>Nada que confirmar.</translation>
    </message>
    <message>
        <source>Nothing to undo: no unit of this order has been scanned.</source>
        <translation>Nada que deshacer: no se ha escaneado ninguna unidad de este pedido.</translation>
    </message>
    <message>
        <source>OVER-SCAN</source>
        <translation>EXCESO</translation>
    </message>
    <message>
        <source>Only a supervisor can accept a weight outside its range.</source>
        <translation>Solo un supervisor puede aceptar un peso fuera de su rango.</translation>
    </message>
    <message>
        <source>Only a supervisor can accept a weight outside its range: a supervisor scans their badge, then presses Accept weight [{key}].</source>
        <translation>Solo un supervisor puede aceptar un peso fuera de rango: el supervisor escanea su tarjeta y pulsa Aceptar peso [{key}].</translation>
    </message>
    <message>
        <source>Only a supervisor can change who may reprint labels.</source>
        <translation>Solo un supervisor puede cambiar quién puede reimprimir etiquetas.</translation>
    </message>
    <message>
        <source>Only a supervisor can move print jobs to another printer.</source>
        <translation>Solo un supervisor puede mover trabajos de impresión a otra impresora.</translation>
    </message>
    <message>
        <source>Only a supervisor can move print jobs.</source>
        <translation>Solo un supervisor puede mover trabajos de impresión.</translation>
    </message>
    <message>
        <source>Only a supervisor can print a label again at this site.</source>
        <translation>En este almacén solo un supervisor puede volver a imprimir una etiqueta.</translation>
    </message>
    <message>
        <source>Only a supervisor can release an order.</source>
        <translation>Solo un supervisor puede liberar un pedido.</translation>
    </message>
    <message>
        <source>Only a supervisor can unlock a user.</source>
        <translation>Solo un supervisor puede desbloquear a un usuario.</translation>
    </message>
    <message>
        <source>Only a supervisor can void a label.</source>
        <translation>Solo un supervisor puede anular una etiqueta.</translation>
    </message>
    <message>
        <source>Only a supervisor or an admin can see or retire a station&apos;s reserved numbers.</source>
        <translation>Solo un supervisor o un administrador puede ver o retirar los números reservados de una estación.</translation>
    </message>
    <message>
        <source>Only the scanner&apos;s symbology identifier {symbology} was read, no data. Scan again.</source>
        <translation>Solo se leyó el identificador de simbología {symbology} del escáner, sin datos. Escanee de nuevo.</translation>
    </message>
    <message>
        <source>Only the small add-on part of an EAN/UPC barcode was read. Scan the main barcode next to it.</source>
        <translation>Solo se leyó el pequeño complemento de un código EAN/UPC. Escanee el código principal de al lado.</translation>
    </message>
    <message>
        <source>Order slip {code} is not known.</source>
        <translation>La hoja de pedido {code} no es conocida.</translation>
    </message>
    <message>
        <source>Order {order} does not exist.</source>
        <translation>El pedido {order} no existe.</translation>
    </message>
    <message>
        <source>Order {order} has {count} parcels: scan the label of the one you mean.</source>
        <translation>El pedido {order} tiene {count} bultos: escanee la etiqueta del que quiere.</translation>
    </message>
    <message>
        <source>Order {order} was cancelled after packing: take the parcel off the cage and give it to a supervisor.</source>
        <translation>El pedido {order} se canceló después de empaquetarlo: saque el bulto de la jaula y entréguelo a un supervisor.</translation>
    </message>
    <message>
        <source>Order {order} was put on hold after packing ({reason}): take the parcel off the cage and give it to a supervisor.</source>
        <translation>El pedido {order} se retuvo después de empaquetarlo ({reason}): saque el bulto de la jaula y entréguelo a un supervisor.</translation>
    </message>
    <message>
        <source>Order {order} was put on hold after packing: take the parcel off the cage and give it to a supervisor.</source>
        <translation>El pedido {order} se retuvo después de empaquetarlo: saque el bulto de la jaula y entréguelo a un supervisor.</translation>
    </message>
    <message>
        <source>Order {reference} is already packed and labelled.</source>
        <translation>El pedido {reference} ya está empacado y etiquetado.</translation>
    </message>
    <message>
        <source>Order {reference} is already packed.</source>
        <translation>El pedido {reference} ya está empacado.</translation>
    </message>
    <message>
        <source>Order {reference} is being packed at {where}.</source>
        <translation>El pedido {reference} se está empacando en {where}.</translation>
    </message>
    <message>
        <source>Order {reference} is not held by any station.</source>
        <translation>El pedido {reference} no está en ningún puesto.</translation>
    </message>
    <message>
        <source>Order {reference} is not open at this station ({status}).</source>
        <translation>El pedido {reference} no está abierto en este puesto ({status}).</translation>
    </message>
    <message>
        <source>Order {reference} is not picked yet.</source>
        <translation>El pedido {reference} aún no está preparado.</translation>
    </message>
    <message>
        <source>Order {reference} is on hold.</source>
        <translation>El pedido {reference} está retenido.</translation>
    </message>
    <message>
        <source>Order {reference} is on hold: {reason}.</source>
        <translation>El pedido {reference} está retenido: {reason}.</translation>
    </message>
    <message>
        <source>Order {reference} was already delivered.</source>
        <translation>El pedido {reference} ya se entregó.</translation>
    </message>
    <message>
        <source>Order {reference} was already handed to the carrier.</source>
        <translation>El pedido {reference} ya se entregó al transportista.</translation>
    </message>
    <message>
        <source>Order {reference} was cancelled. Do not ship it.</source>
        <translation>El pedido {reference} fue cancelado. No lo envíe.</translation>
    </message>
    <message>
        <source>Order {reference} was just taken by another station.</source>
        <translation>Otro puesto acaba de tomar el pedido {reference}.</translation>
    </message>
    <message>
        <source>Order {reference} went on hold after the sync: it was cancelled upstream. Give its parcel to the supervisor.</source>
        <translation>El pedido {reference} quedó retenido tras la sincronización: fue cancelado en la tienda. Entregue su bulto al supervisor.</translation>
    </message>
    <message>
        <source>Order {reference} went on hold after the sync: {reason} Give its parcel to the supervisor.</source>
        <translation>El pedido {reference} quedó retenido tras la sincronización: {reason} Entregue su bulto al supervisor.</translation>
    </message>
    <message>
        <source>PIN required for {name}: type it and press Enter.</source>
        <translation>Se necesita el PIN de {name}: escríbalo y pulse Intro.</translation>
    </message>
    <message>
        <source>Parcel {number} is empty: scan its units first.</source>
        <translation>El bulto {number} está vacío: escanee primero sus unidades.</translation>
    </message>
    <message>
        <source>Parcel {parcel} goes in box {box}.</source>
        <translation>El bulto {parcel} va en la caja {box}.</translation>
    </message>
    <message>
        <source>Parcel {parcel} goes in box {box}. (Suggested: {suggested}.)</source>
        <translation>El bulto {parcel} va en la caja {box}. (Sugerida: {suggested}.)</translation>
    </message>
    <message>
        <source>Parcel {parcel} goes in box {box}. (Suggested: {suggested}.) Too heavy for it: {weight}, at most {most}.</source>
        <translation>El bulto {parcel} va en la caja {box}. (Sugerida: {suggested}.) Demasiado pesado: {weight}, máximo {most}.</translation>
    </message>
    <message>
        <source>Parcel {parcel} goes in box {box}. Too heavy for it: {weight}, at most {most}.</source>
        <translation>El bulto {parcel} va en la caja {box}. Demasiado pesado: {weight}, máximo {most}.</translation>
    </message>
    <message>
        <source>Parcel {parcel}: no box scanned yet.</source>
        <translation>Bulto {parcel}: aún no se ha escaneado ninguna caja.</translation>
    </message>
    <message>
        <source>Parcel {tracking} is LOADED on the {cage} cage (manifest {manifest}, pick-up {pickup}). Take it off the cage, then void it again to confirm.</source>
        <translation>El paquete {tracking} está CARGADO en la jaula de {cage} (manifiesto {manifest}, recogida {pickup}). Sáquelo de la jaula y anule de nuevo para confirmar.</translation>
    </message>
    <message>
        <source>Parcel {tracking} was loaded and left with {cage} on manifest {manifest} (closed {closed}). Voiding its label does not bring it back: tell {cage}, then void it again to confirm.</source>
        <translation>El paquete {tracking} se cargó y salió con {cage} en el manifiesto {manifest} (cerrado {closed}). Anular su etiqueta no lo trae de vuelta: avise a {cage} y anule de nuevo para confirmar.</translation>
    </message>
    <message>
        <source>Print job {job} does not exist.</source>
        <translation>El trabajo de impresión {job} no existe.</translation>
    </message>
    <message>
        <source>Print job {job} is {state}: not sent again.</source>
        <translation>El trabajo de impresión {job} está en estado {state}: no se envía de nuevo.</translation>
    </message>
    <message>
        <source>Printer {printer} {state}.</source>
        <translation>La impresora {printer} {state}.</translation>
    </message>
    <message>
        <source>Printer {printer}: {problem}</source>
        <translation>Impresora {printer}: {problem}</translation>
    </message>
    <message>
        <source>RAM error</source>
        <translation>error de RAM</translation>
    </message>
    <message>
        <source>ROM error</source>
        <translation>error de ROM</translation>
    </message>
    <message>
        <source>Read the packing notes first, then scan ACKNOWLEDGE or press [F7].</source>
        <translation>Lea primero las notas de embalaje y luego escanee ACKNOWLEDGE o pulse [F7].</translation>
    </message>
    <message>
        <source>Release cancelled: scan the slip or tote of the order to release.</source>
        <translation>Liberación cancelada: escanee la hoja o el contenedor del pedido a liberar.</translation>
    </message>
    <message>
        <source>SERIAL ALREADY PACKED</source>
        <translation>N.º DE SERIE YA EMPACADO</translation>
    </message>
    <message>
        <source>SERIAL NOT THIS ORDER&apos;S</source>
        <translation>N.º DE SERIE AJENO AL PEDIDO</translation>
    </message>
    <message>
        <source>Scan again; if it keeps failing, the label is misprinted.</source>
        <translation>Escanee de nuevo; si sigue fallando, la etiqueta está mal impresa.</translation>
    </message>
    <message>
        <source>Scan an order slip or a tote to start an order.</source>
        <translation>Escanee una hoja de pedido o un contenedor para empezar un pedido.</translation>
    </message>
    <message>
        <source>Scan contains control characters ({controls}) that no barcode here carries. Check the scanner&apos;s prefix/suffix settings and scan again.</source>
        <translation>El escaneo contiene caracteres de control ({controls}) que ningún código lleva aquí. Revise el prefijo/sufijo del escáner y escanee de nuevo.</translation>
    </message>
    <message>
        <source>Scan contains unreadable characters; the scanner may be set to the wrong keyboard layout or interface. Check the scanner and scan again.</source>
        <translation>El escaneo contiene caracteres ilegibles; el escáner puede tener mal la distribución de teclado o la interfaz. Revise el escáner y escanee de nuevo.</translation>
    </message>
    <message>
        <source>Scan the lot number and serial number of {product}.</source>
        <translation>Escanee el lote y el número de serie de {product}.</translation>
    </message>
    <message>
        <source>Scan the lot number of {product}.</source>
        <translation>Escanee el lote de {product}.</translation>
    </message>
    <message>
        <source>Scan the order slip or tote of the order to release.</source>
        <translation>Escanee la hoja de pedido o el contenedor del pedido a liberar.</translation>
    </message>
    <message>
        <source>Scan the serial number of each unit of {product}.</source>
        <translation>Escanee el número de serie de cada unidad de {product}.</translation>
    </message>
    <message>
        <source>Scan the serial number of {product}.</source>
        <translation>Escanee el número de serie de {product}.</translation>
    </message>
    <message>
        <source>Scan too long ({length} characters, at most {most}). Scan one barcode at a time.</source>
        <translation>Escaneo demasiado largo ({length} caracteres, máximo {most}). Escanee un código cada vez.</translation>
    </message>
    <message>
        <source>Scan your badge first.</source>
        <translation>Escanee primero su tarjeta.</translation>
    </message>
    <message>
        <source>Serial {serial} of {product} is not one of this order&apos;s. Put this unit aside and scan the serial number of another unit of {product}.</source>
        <translation>El número de serie {serial} de {product} no es de este pedido. Aparte esta unidad y escanee el número de serie de otra unidad de {product}.</translation>
    </message>
    <message>
        <source>Serial {serial} of {product} is not one of this order&apos;s. Put this unit aside.</source>
        <translation>El n.º de serie {serial} de {product} no es de este pedido. Aparte esta unidad.</translation>
    </message>
    <message>
        <source>Serial {serial} of {product} was already packed. Put this unit aside and scan the serial number of another unit of {product}.</source>
        <translation>El número de serie {serial} de {product} ya se empacó. Aparte esta unidad y escanee el número de serie de otra unidad de {product}.</translation>
    </message>
    <message>
        <source>Serial {serial} of {product} was already packed. Scan another unit.</source>
        <translation>El número de serie {serial} de {product} ya se empacó. Escanee otra unidad.</translation>
    </message>
    <message>
        <source>Serials still to scan: {serials}</source>
        <translation>N.º de serie por escanear: {serials}</translation>
    </message>
    <message>
        <source>Simulated scale</source>
        <translation>Báscula simulada</translation>
    </message>
    <message>
        <source>No reserved numbers of {station} are still live.</source>
        <translation>Ningún número reservado de {station} sigue vigente.</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>vie</translation>
    </message>
    <message>
        <source>Loading {cage}: pick-up {when}</source>
        <translation>Cargando {cage}: recogida {when}</translation>
    </message>
    <message>
        <source>Manifest {id} closed at {closed}: its {name} pick-up has gone. Scan the open manifest or a parcel.</source>
        <translation>Manifiesto {id} cerrado el {closed}: la recogida de {name} ya se fue. Escanee el manifiesto abierto o un paquete.</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>lun</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>sáb</translation>
    </message>
    <message>
        <source>Box {box} is not a box type of this site (no longer used). Scan another box&apos;s barcode.</source>
        <translation>La caja {box} no es un tipo de caja de este centro (ya no se usa). Escanee el código de otra caja.</translation>
    </message>
    <message>
        <source>Box {box} is not a box type of this site. Scan another box&apos;s barcode.</source>
        <translation>La caja {box} no es un tipo de caja de este centro. Escanee el código de otra caja.</translation>
    </message>
    <message>
        <source>CUPS queue {queue} (raw)</source>
        <translation>cola CUPS {queue} (sin formato)</translation>
    </message>
    <message>
        <source>Code too long ({length} characters; a code here has at most {most}). Scan one barcode at a time.</source>
        <translation>Código demasiado largo ({length} caracteres; aquí un código tiene como máximo {most}). Escanee un código cada vez.</translation>
    </message>
    <message>
        <source>No user has the badge {badge}.</source>
        <translation>Ningún usuario tiene la tarjeta {badge}.</translation>
    </message>
    <message>
        <source>Only a supervisor can release an order held by a station.</source>
        <translation>Solo un supervisor puede liberar un pedido retenido por un puesto.</translation>
    </message>
    <message>
        <source>No running station prints to {printer}: labels moved there would never print. Choose a printer of a station that is online or printed lately.</source>
        <translation>Ninguna estación en marcha imprime en {printer}: las etiquetas movidas allí nunca se imprimirían. Elija la impresora de una estación en línea o que haya impreso hace poco.</translation>
    </message>
    <message>
        <source>Suggested box: {box}, {share}% full.</source>
        <translation>Caja sugerida: {box}, llena al {share} %.</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>dom</translation>
    </message>
    <message>
        <source>Supervisor: {note}</source>
        <translation>Encargado: {note}</translation>
    </message>
    <message>
        <source>TYPED CODE NOT ACCEPTED</source>
        <translation>CÓDIGO TECLEADO NO ACEPTADO</translation>
    </message>
    <message>
        <source>Take parcel {tracking} off the {cage} cage (manifest {manifest}) and scan it at the dock: it must not ship.</source>
        <translation>Saque el paquete {tracking} de la jaula de {cage} (manifiesto {manifest}) y escanéelo en el muelle: no debe enviarse.</translation>
    </message>
    <message>
        <source>That command barcode is not one this station knows.</source>
        <translation>Este puesto no conoce ese código de orden.</translation>
    </message>
    <message>
        <source>That command is not used at the dock: scan a parcel label.</source>
        <translation>Ese comando no se usa en el muelle: escanee una etiqueta de paquete.</translation>
    </message>
    <message>
        <source>That is a badge, not a parcel label.</source>
        <translation>Eso es una tarjeta, no una etiqueta de paquete.</translation>
    </message>
    <message>
        <source>That is a box&apos;s barcode, not a parcel label.</source>
        <translation>Eso es el código de una caja, no una etiqueta de paquete.</translation>
    </message>
    <message>
        <source>That is a product&apos;s barcode, not a parcel label.</source>
        <translation>Eso es el código de un producto, no una etiqueta de paquete.</translation>
    </message>
    <message>
        <source>That is a reason for printing a label again: press Print again [F10] first, then scan it.</source>
        <translation>Eso es un motivo de reimpresión: pulse primero Reimprimir [F10] y luego escanéelo.</translation>
    </message>
    <message>
        <source>That is a tote&apos;s barcode, not a parcel label.</source>
        <translation>Eso es el código de una cubeta, no una etiqueta de paquete.</translation>
    </message>
    <message>
        <source>That is an order slip, not a parcel label.</source>
        <translation>Eso es una hoja de pedido, no una etiqueta de paquete.</translation>
    </message>
    <message>
        <source>That is not a badge. Scan your badge to sign in.</source>
        <translation>Eso no es una tarjeta. Escanee su tarjeta para iniciar sesión.</translation>
    </message>
    <message>
        <source>That is not a box barcode.</source>
        <translation>Eso no es un código de caja.</translation>
    </message>
    <message>
        <source>That is {what} ({code}), not a lot or serial number.</source>
        <translation>Eso es {what} ({code}), no un lote ni un número de serie.</translation>
    </message>
    <message>
        <source>That is {what} ({code}), not a product.</source>
        <translation>Eso es {what} ({code}), no un producto.</translation>
    </message>
    <message>
        <source>That is {what} ({code}), not a product. Finish order {reference} or hold it first.</source>
        <translation>Eso es {what} ({code}), no un producto. Termine o retenga antes el pedido {reference}.</translation>
    </message>
    <message>
        <source>The code {code} contains a GS1 separator (GS) but was not read as a GS1 barcode. {again}</source>
        <translation>El código {code} contiene un separador GS1 (GS) pero no se leyó como código GS1. {again}</translation>
    </message>
    <message>
        <source>The code {code} contains a GS1 separator (GS), which an internal code never does. {again}</source>
        <translation>El código {code} contiene un separador GS1 (GS), que un código interno nunca lleva. {again}</translation>
    </message>
    <message>
        <source>The database cannot be reached and this station has no tracking numbers kept for this carrier: complete the order when the database is back. Its scans are kept; hold it or wait.</source>
        <translation>No se puede acceder a la base de datos y esta estación no tiene números de seguimiento guardados para este transportista: complete el pedido cuando vuelva la base de datos. Sus escaneos se conservan; reténgalo o espere.</translation>
    </message>
    <message>
        <source>The database cannot be reached, and this badge has not signed in at this station before: offline, only those who have can sign in. Wait for the database or use another station.</source>
        <translation>No se puede acceder a la base de datos y esta tarjeta nunca ha iniciado sesión en esta estación: sin conexión, solo pueden iniciar sesión quienes ya lo hicieron. Espere a la base de datos o use otra estación.</translation>
    </message>
    <message>
        <source>The database cannot be reached, and this order is not kept at this station: wait for the database, or hold the order on paper.</source>
        <translation>No se puede acceder a la base de datos y este pedido no está guardado en esta estación: espere a la base de datos o retenga el pedido en papel.</translation>
    </message>
    <message>
        <source>The database cannot be reached. Nothing was saved; scan again when it is back.</source>
        <translation>No se puede acceder a la base de datos. No se guardó nada; escanee de nuevo cuando vuelva.</translation>
    </message>
    <message>
        <source>The database cannot be reached: a label is printed again or voided only when it is back, so that the shared record of labels holds every copy and every void. Hold the order or put the parcel aside, and do it then.</source>
        <translation>No se puede acceder a la base de datos: una etiqueta se vuelve a imprimir o se anula solo cuando vuelva, para que el registro común de etiquetas tenga cada copia y cada anulación. Retenga el pedido o aparte el bulto, y hágalo entonces.</translation>
    </message>
    <message>
        <source>The database cannot be reached: finish this order; new orders when the database is back.</source>
        <translation>No se puede acceder a la base de datos: termine este pedido; pedidos nuevos cuando vuelva la base de datos.</translation>
    </message>
    <message>
        <source>The database cannot be reached: finish this order; the orders kept at this station for this are packed or not this one; other orders when the database is back.</source>
        <translation>No se puede acceder a la base de datos: termine este pedido; los pedidos guardados en esta estación para esto están empaquetados o no es este; otros pedidos cuando vuelva la base de datos.</translation>
    </message>
    <message>
        <source>The label {tracking} is already void ({reason}).</source>
        <translation>La etiqueta {tracking} ya está anulada ({reason}).</translation>
    </message>
    <message>
        <source>The label {tracking} was never queued for a printer: print it again from a station.</source>
        <translation>La etiqueta {tracking} nunca se puso en cola para una impresora: imprímala de nuevo desde un puesto.</translation>
    </message>
    <message>
        <source>The label {tracking} was voided ({reason}): it is never printed again.</source>
        <translation>La etiqueta {tracking} se anuló ({reason}): no se vuelve a imprimir nunca.</translation>
    </message>
    <message>
        <source>The reason has characters that cannot be stored: type it again.</source>
        <translation>El motivo contiene caracteres que no se pueden guardar: escríbalo de nuevo.</translation>
    </message>
    <message>
        <source>The reason is too long: at most {most} characters.</source>
        <translation>El motivo es demasiado largo: como máximo {most} caracteres.</translation>
    </message>
    <message>
        <source>The {theirs} manifest is closed: scan the next one.</source>
        <translation>El manifiesto de {theirs} está cerrado: escanee el siguiente.</translation>
    </message>
    <message>
        <source>There is no manifest {id}.</source>
        <translation>No existe el manifiesto {id}.</translation>
    </message>
    <message>
        <source>The {what} contains characters that cannot be stored ({names}).</source>
        <translation>En {what} hay caracteres que no se pueden guardar ({names}).</translation>
    </message>
    <message>
        <source>The {what} is empty.</source>
        <translation>Falta {what}.</translation>
    </message>
    <message>
        <source>The {what} is {length} characters long; at most {most} are allowed.</source>
        <translation>Hay {length} caracteres en {what}; se permiten como máximo {most}.</translation>
    </message>
    <message>
        <source>This barcode counts {units} units of {product}, only {remaining} still needed.</source>
        <translation>Este código cuenta {units} unidades de {product}, solo faltan {remaining}.</translation>
    </message>
    <message>
        <source>This code could not be interpreted. Scan again; if it keeps happening, show the barcode to a supervisor.</source>
        <translation>No se pudo interpretar este código. Escanee de nuevo; si sigue ocurriendo, enseñe el código a un supervisor.</translation>
    </message>
    <message>
        <source>This label was interrupted while printing and is never sent again by itself. {question}</source>
        <translation>Esta etiqueta se interrumpió al imprimirse y nunca se vuelve a enviar sola. {question}</translation>
    </message>
    <message>
        <source>This order is still open. Complete or hold it first.</source>
        <translation>Este pedido sigue abierto. Complételo o reténgalo antes.</translation>
    </message>
    <message>
        <source>This scan could not be stored. Scan it again.</source>
        <translation>No se pudo guardar este escaneo. Escanee de nuevo.</translation>
    </message>
    <message>
        <source>This station is not set up for return labels ([returns]).</source>
        <translation>Este puesto no está configurado para etiquetas de devolución ([returns]).</translation>
    </message>
    <message>
        <source>This station is still packing order {reference}. Complete it or hold it first.</source>
        <translation>Este puesto aún está empacando el pedido {reference}. Complételo o reténgalo antes.</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>jue</translation>
    </message>
    <message>
        <source>Tote {code} has no order in it.</source>
        <translation>El contenedor {code} no tiene ningún pedido.</translation>
    </message>
    <message>
        <source>Tote {code} is not known.</source>
        <translation>El contenedor {code} no es conocido.</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>mar</translation>
    </message>
    <message>
        <source>Typed codes do not count for units at this site: scan the unit&apos;s barcode. If it will not scan, put the order on hold [F9].</source>
        <translation>En este almacén los códigos tecleados no cuentan como unidades: escanee el código de la unidad. Si no se lee, retenga el pedido [F9].</translation>
    </message>
    <message>
        <source>UNKNOWN BARCODE</source>
        <translation>CÓDIGO DESCONOCIDO</translation>
    </message>
    <message>
        <source>UPC-E barcode {code} is not valid. {again}</source>
        <translation>El código UPC-E {code} no es válido. {again}</translation>
    </message>
    <message>
        <source>Undone: {kit}: {part} is back to {scanned} of {expected}.</source>
        <translation>Deshecho: {kit}: {part} vuelve a {scanned} de {expected}.</translation>
    </message>
    <message>
        <source>Undone: {product} is back to {verified} of {quantity}.</source>
        <translation>Deshecho: {product} vuelve a {verified} de {quantity}.</translation>
    </message>
    <message>
        <source>Unknown barcode {code}: no product has it.</source>
        <translation>Código desconocido {code}: ningún producto lo tiene.</translation>
    </message>
    <message>
        <source>WRONG ITEM</source>
        <translation>ARTÍCULO EQUIVOCADO</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>mié</translation>
    </message>
    <message>
        <source>Windows printer {name} (raw)</source>
        <translation>impresora Windows {name} (sin formato)</translation>
    </message>
    <message>
        <source>Wrong PIN. 1 try left.</source>
        <translation>PIN incorrecto. Queda 1 intento.</translation>
    </message>
    <message>
        <source>Wrong PIN. {left} tries left.</source>
        <translation>PIN incorrecto. Quedan {left} intentos.</translation>
    </message>
    <message>
        <source>Wrong PIN. {name} is locked for {minutes} minutes after {attempts} wrong PINs; a supervisor can unlock.</source>
        <translation>PIN incorrecto. {name} queda bloqueado {minutes} minutos tras {attempts} PIN incorrectos; un supervisor puede desbloquear.</translation>
    </message>
    <message>
        <source>a badge</source>
        <translation>una tarjeta</translation>
    </message>
    <message>
        <source>a box</source>
        <translation>una caja</translation>
    </message>
    <message>
        <source>a command</source>
        <translation>una orden</translation>
    </message>
    <message>
        <source>a sscc</source>
        <translation>un SSCC</translation>
    </message>
    <message>
        <source>a tote</source>
        <translation>un contenedor</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>aceptado</translation>
    </message>
    <message>
        <source>after the job the printer reports {detail} (status {state}); {check}</source>
        <translation>tras el trabajo la impresora notifica {detail} (estado {state}); {check}</translation>
    </message>
    <message>
        <source>after the {field}</source>
        <translation>tras el campo {field}</translation>
    </message>
    <message>
        <source>an order slip</source>
        <translation>una hoja de pedido</translation>
    </message>
    <message>
        <source>an unknown time</source>
        <translation>hora desconocida</translation>
    </message>
    <message>
        <source>another station</source>
        <translation>otro puesto</translation>
    </message>
    <message>
        <source>at the start</source>
        <translation>al principio</translation>
    </message>
    <message>
        <source>badge</source>
        <translation>tarjeta</translation>
    </message>
    <message>
        <source>below zero ({grams} g): zero the scale</source>
        <translation>bajo cero ({grams} g): ponga la báscula a cero</translation>
    </message>
    <message>
        <source>best-before date</source>
        <translation>fecha de consumo preferente</translation>
    </message>
    <message>
        <source>box</source>
        <translation>caja</translation>
    </message>
    <message>
        <source>cage {carrier}</source>
        <translation>la jaula {carrier}</translation>
    </message>
    <message>
        <source>calibration fault</source>
        <translation>fallo de calibración</translation>
    </message>
    <message>
        <source>cannot create the folder: {error}</source>
        <translation>no se puede crear la carpeta: {error}</translation>
    </message>
    <message>
        <source>cannot open the port: {problem}</source>
        <translation>no se puede abrir el puerto: {problem}</translation>
    </message>
    <message>
        <source>cannot write {file}: {error}</source>
        <translation>no se puede escribir {file}: {error}</translation>
    </message>
    <message>
        <source>check whether the label came out before printing it again</source>
        <translation>compruebe si la etiqueta salió antes de imprimirla de nuevo</translation>
    </message>
    <message>
        <source>command</source>
        <translation>comando</translation>
    </message>
    <message>
        <source>configuration lost (corrupt RAM)</source>
        <translation>configuración perdida (RAM dañada)</translation>
    </message>
    <message>
        <source>consumer product variant</source>
        <translation>variante de producto</translation>
    </message>
    <message>
        <source>could not write the preview to {folder}: {error}</source>
        <translation>no se pudo escribir la vista previa en {folder}: {error}</translation>
    </message>
    <message>
        <source>count</source>
        <translation>cantidad</translation>
    </message>
    <message>
        <source>cover open</source>
        <translation>tapa abierta</translation>
    </message>
    <message>
        <source>data needed</source>
        <translation>faltan datos</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>desconectada</translation>
    </message>
    <message>
        <source>due date</source>
        <translation>fecha de vencimiento</translation>
    </message>
    <message>
        <source>duplicate serial</source>
        <translation>n.º de serie repetido</translation>
    </message>
    <message>
        <source>error</source>
        <translation>error</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>caducado</translation>
    </message>
    <message>
        <source>expiry</source>
        <translation>caducidad</translation>
    </message>
    <message>
        <source>expiry date</source>
        <translation>fecha de caducidad</translation>
    </message>
    <message>
        <source>field {ai} ({title})</source>
        <translation>campo {ai} ({title})</translation>
    </message>
    <message>
        <source>folder {path}</source>
        <translation>carpeta {path}</translation>
    </message>
    <message>
        <source>has its cover open</source>
        <translation>tiene la tapa abierta</translation>
    </message>
    <message>
        <source>hold reason</source>
        <translation>el motivo de la retención</translation>
    </message>
    <message>
        <source>initial zero error: empty the platter and restart the scale</source>
        <translation>error de cero inicial: vacíe el plato y reinicie la báscula</translation>
    </message>
    <message>
        <source>invalid barcode</source>
        <translation>código no válido</translation>
    </message>
    <message>
        <source>is not answering</source>
        <translation>no responde</translation>
    </message>
    <message>
        <source>is offline</source>
        <translation>está desconectada</translation>
    </message>
    <message>
        <source>is out of paper</source>
        <translation>no tiene papel</translation>
    </message>
    <message>
        <source>is ready</source>
        <translation>está lista</translation>
    </message>
    <message>
        <source>it {state}; nothing was sent</source>
        <translation>la impresora {state}; no se envió nada</translation>
    </message>
    <message>
        <source>labels carry the demo&apos;s return address ({sender}): set [sender] in the station&apos;s config file</source>
        <translation>las etiquetas llevan la dirección de remitente de la demo ({sender}): configure [sender] en el archivo de configuración del puesto</translation>
    </message>
    <message>
        <source>logical error (EL): the scale cannot do that now</source>
        <translation>error lógico (EL): la báscula no puede hacerlo ahora</translation>
    </message>
    <message>
        <source>logistic unit (SSCC)</source>
        <translation>unidad logística (SSCC)</translation>
    </message>
    <message>
        <source>lot</source>
        <translation>lote</translation>
    </message>
    <message>
        <source>lot number</source>
        <translation>número de lote</translation>
    </message>
    <message>
        <source>moving</source>
        <translation>en movimiento</translation>
    </message>
    <message>
        <source>moving ({grams} g)</source>
        <translation>en movimiento ({grams} g)</translation>
    </message>
    <message>
        <source>needs calibration</source>
        <translation>necesita calibración</translation>
    </message>
    <message>
        <source>needs re-zeroing</source>
        <translation>necesita ponerse a cero de nuevo</translation>
    </message>
    <message>
        <source>network {address}</source>
        <translation>red {address}</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>sin respuesta</translation>
    </message>
    <message>
        <source>no reply to the status request (DLE EOT 1) within {seconds} s</source>
        <translation>sin respuesta a la consulta de estado (DLE EOT 1) en {seconds} s</translation>
    </message>
    <message>
        <source>no reply to {protocol} requests at {settings}: check the protocol, the speed and the power</source>
        <translation>sin respuesta a las peticiones {protocol} a {settings}: revise el protocolo, la velocidad y la alimentación</translation>
    </message>
    <message>
        <source>no reply to ~HS within {seconds} s (Zebra printers stay silent while the media or ribbon is out or the head is open)</source>
        <translation>sin respuesta a ~HS en {seconds} s (las impresoras Zebra no responden mientras falta material o cinta o el cabezal está abierto)</translation>
    </message>
    <message>
        <source>no status before the job, nothing was sent: {detail}</source>
        <translation>sin estado antes del trabajo, no se envió nada: {detail}</translation>
    </message>
    <message>
        <source>not an item</source>
        <translation>no es artículo</translation>
    </message>
    <message>
        <source>nothing received at {settings}: check the speed and that the scale sends continuously</source>
        <translation>no se recibe nada a {settings}: revise la velocidad y que la báscula envíe de forma continua</translation>
    </message>
    <message>
        <source>nothing was sent</source>
        <translation>no se envió nada</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>desconectada</translation>
    </message>
    <message>
        <source>offline: paper is being fed with the feed button</source>
        <translation>desconectada: se está avanzando papel con el botón de avance</translation>
    </message>
    <message>
        <source>online, but no reply about the paper (DLE EOT 4)</source>
        <translation>conectada, pero sin respuesta sobre el papel (DLE EOT 4)</translation>
    </message>
    <message>
        <source>order slip</source>
        <translation>hoja de pedido</translation>
    </message>
    <message>
        <source>over capacity: take the parcel off</source>
        <translation>sobrecarga: retire el bulto</translation>
    </message>
    <message>
        <source>over scan</source>
        <translation>exceso</translation>
    </message>
    <message>
        <source>overload</source>
        <translation>sobrecarga</translation>
    </message>
    <message>
        <source>packaging date</source>
        <translation>fecha de envasado</translation>
    </message>
    <message>
        <source>paper (media) out</source>
        <translation>sin papel (material)</translation>
    </message>
    <message>
        <source>paper out</source>
        <translation>sin papel</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>en pausa</translation>
    </message>
    <message>
        <source>print head open</source>
        <translation>cabezal abierto</translation>
    </message>
    <message>
        <source>print head too cold</source>
        <translation>cabezal demasiado frío</translation>
    </message>
    <message>
        <source>print head too hot</source>
        <translation>cabezal demasiado caliente</translation>
    </message>
    <message>
        <source>printer error (cutter jam, overheating or similar)</source>
        <translation>error de impresora (cuchilla atascada, sobrecalentamiento o similar)</translation>
    </message>
    <message>
        <source>printing stopped: paper end</source>
        <translation>impresión detenida: fin del papel</translation>
    </message>
    <message>
        <source>printing the label again</source>
        <translation>volver a imprimir la etiqueta</translation>
    </message>
    <message>
        <source>product</source>
        <translation>producto</translation>
    </message>
    <message>
        <source>production date</source>
        <translation>fecha de producción</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>lista</translation>
    </message>
    <message>
        <source>ready, paper near its end</source>
        <translation>lista, papel casi agotado</translation>
    </message>
    <message>
        <source>reason for accepting the weight</source>
        <translation>el motivo para aceptar el peso</translation>
    </message>
    <message>
        <source>reason for releasing the order</source>
        <translation>el motivo para liberar el pedido</translation>
    </message>
    <message>
        <source>refused keyed</source>
        <translation>tecleado rechazado</translation>
    </message>
    <message>
        <source>refused unacknowledged</source>
        <translation>rechazado sin confirmar</translation>
    </message>
    <message>
        <source>reports an error</source>
        <translation>notifica un error</translation>
    </message>
    <message>
        <source>ribbon out</source>
        <translation>sin cinta</translation>
    </message>
    <message>
        <source>scale fault</source>
        <translation>fallo de la báscula</translation>
    </message>
    <message>
        <source>sell-by date</source>
        <translation>fecha límite de venta</translation>
    </message>
    <message>
        <source>serial number</source>
        <translation>número de serie</translation>
    </message>
    <message>
        <source>serial {port} at {baudrate} baud</source>
        <translation>serie {port} a {baudrate} baudios</translation>
    </message>
    <message>
        <source>simulated</source>
        <translation>simulada</translation>
    </message>
    <message>
        <source>stable</source>
        <translation>estable</translation>
    </message>
    <message>
        <source>status before the job: {problem}, nothing was sent</source>
        <translation>estado antes del trabajo: {problem}, no se envió nada</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>detenida</translation>
    </message>
    <message>
        <source>tare error</source>
        <translation>error de tara</translation>
    </message>
    <message>
        <source>the folder {path} is not writable</source>
        <translation>la carpeta {path} no admite escritura</translation>
    </message>
    <message>
        <source>the folder {path} will be created</source>
        <translation>la carpeta {path} se creará</translation>
    </message>
    <message>
        <source>the job was sent but the printer did not confirm it ({detail}); {check}</source>
        <translation>el trabajo se envió pero la impresora no lo confirmó ({detail}); {check}</translation>
    </message>
    <message>
        <source>the scale did not understand W</source>
        <translation>la báscula no entendió W</translation>
    </message>
    <message>
        <source>the scale did not understand the command (ES)</source>
        <translation>la báscula no entendió la orden (ES)</translation>
    </message>
    <message>
        <source>the scale is busy (S I): try again</source>
        <translation>la báscula está ocupada (S I): inténtelo de nuevo</translation>
    </message>
    <message>
        <source>the {format} label bought upstream cannot be read ({error}).</source>
        <translation>no se puede leer la etiqueta {format} comprada de antemano ({error}).</translation>
    </message>
    <message>
        <source>timed out: the printer did not take the job within {seconds} s (busy, out of paper, or handshake lines holding the data back); {tail}</source>
        <translation>tiempo agotado: la impresora no aceptó el trabajo en {seconds} s (ocupada, sin papel o las líneas de control de flujo retienen los datos); {tail}</translation>
    </message>
    <message>
        <source>timed out: the printer did not take the job within {seconds} s ({handed} of {size} bytes sent); {tail}</source>
        <translation>tiempo agotado: la impresora no aceptó el trabajo en {seconds} s ({handed} de {size} bytes enviados); {tail}</translation>
    </message>
    <message>
        <source>timed out: the printer did not take the job within {seconds} s; {tail}</source>
        <translation>tiempo agotado: la impresora no aceptó el trabajo en {seconds} s; {tail}</translation>
    </message>
    <message>
        <source>timed out: {waiting} of {size} bytes still waiting to go out after {seconds} s (handshake lines holding the data back?); {tail}</source>
        <translation>tiempo agotado: {waiting} de {size} bytes siguen esperando salir tras {seconds} s (¿las líneas de control de flujo retienen los datos?); {tail}</translation>
    </message>
    <message>
        <source>tote</source>
        <translation>contenedor</translation>
    </message>
    <message>
        <source>transmission error (ET): check baud rate and parity</source>
        <translation>error de transmisión (ET): revise los baudios y la paridad</translation>
    </message>
    <message>
        <source>under zero: zero the scale</source>
        <translation>bajo cero: ponga la báscula a cero</translation>
    </message>
    <message>
        <source>underload</source>
        <translation>subcarga</translation>
    </message>
    <message>
        <source>undo</source>
        <translation>deshacer</translation>
    </message>
    <message>
        <source>unexpected serial</source>
        <translation>número de serie inesperado</translation>
    </message>
    <message>
        <source>unknown barcode</source>
        <translation>código desconocido</translation>
    </message>
    <message>
        <source>unknown status {status}</source>
        <translation>estado desconocido {status}</translation>
    </message>
    <message>
        <source>unknown unit code {code}</source>
        <translation>código de unidad desconocido {code}</translation>
    </message>
    <message>
        <source>voiding the label</source>
        <translation>anular la etiqueta</translation>
    </message>
    <message>
        <source>weight refused</source>
        <translation>peso rechazado</translation>
    </message>
    <message>
        <source>writable folder</source>
        <translation>carpeta con permiso de escritura</translation>
    </message>
    <message>
        <source>wrong item</source>
        <translation>artículo equivocado</translation>
    </message>
    <message>
        <source>zero error: empty the platter and zero the scale</source>
        <translation>error de cero: vacíe el plato y ponga la báscula a cero</translation>
    </message>
    <message>
        <source>zero error: zero the scale</source>
        <translation>error de cero: ponga la báscula a cero</translation>
    </message>
    <message>
        <source>{cage} is no cage of this site: no such carrier or service group. Scan the cage&apos;s own barcode, a manifest&apos;s barcode or a parcel.</source>
        <translation>{cage} no es una jaula de este almacén: no existe ese transportista ni ese grupo de servicio. Escanee el código de la propia jaula, el de un manifiesto o un bulto.</translation>
    </message>
    <message>
        <source>{code} ({length}x{width}x{height} mm, tare {tare} g)</source>
        <translation>{code} ({length}x{width}x{height} mm, tara {tare} g)</translation>
    </message>
    <message>
        <source>{code} is not a language of the station; use one of {codes}.</source>
        <translation>{code} no es un idioma del puesto; use uno de {codes}.</translation>
    </message>
    <message>
        <source>{code}: no parcel has this label. Give it to a supervisor.</source>
        <translation>{code}: ningún paquete tiene esta etiqueta. Entréguelo a un supervisor.</translation>
    </message>
    <message>
        <source>{counted} · serial {serial} ✔ · all serials in</source>
        <translation>{counted} · n.º de serie {serial} ✔ · todos los n.º de serie dentro</translation>
    </message>
    <message>
        <source>{counted} · serial {serial} ✔ · left: {left}</source>
        <translation>{counted} · n.º de serie {serial} ✔ · faltan: {left}</translation>
    </message>
    <message>
        <source>{count} interrupted label(s): answer the question.</source>
        <translation>{count} etiqueta(s) interrumpida(s): responda a la pregunta.</translation>
    </message>
    <message>
        <source>{count} label(s) waiting: they print by themselves as soon as the printer answers ready.</source>
        <translation>{count} etiqueta(s) en espera: se imprimen solas en cuanto la impresora responda que está lista.</translation>
    </message>
    <message>
        <source>{count} unit(s) still to scan: {missing}</source>
        <translation>Faltan {count} unidad(es) por escanear: {missing}</translation>
    </message>
    <message>
        <source>{day} {clock}</source>
        <translation>{day} {clock}</translation>
    </message>
    <message>
        <source>{day} {date} {clock}</source>
        <translation>{day} {date} {clock}</translation>
    </message>
    <message>
        <source>{faults}, {fault}</source>
        <translation>{faults}, {fault}</translation>
    </message>
    <message>
        <source>{grams} g</source>
        <translation>{grams} g</translation>
    </message>
    <message>
        <source>{grams} g is not a plausible reading (at most {limit} g): check the scale</source>
        <translation>{grams} g no es una lectura plausible (como máximo {limit} g): revise la báscula</translation>
    </message>
    <message>
        <source>{kit}: {part} {scanned} of {expected}</source>
        <translation>{kit}: {part} {scanned} de {expected}</translation>
    </message>
    <message>
        <source>{label} goes with the {mine} pick-up at {when}.</source>
        <translation>{label} va con la recogida de {mine} del {when}.</translation>
    </message>
    <message>
        <source>{label} loaded: {order}</source>
        <translation>{label} cargado: {order}</translation>
    </message>
    <message>
        <source>{label}: already loaded (counted once).</source>
        <translation>{label}: ya cargado (contado una vez).</translation>
    </message>
    <message>
        <source>{label}: already loaded on an earlier pick-up.</source>
        <translation>{label}: ya cargado en una recogida anterior.</translation>
    </message>
    <message>
        <source>{label}: already loaded.</source>
        <translation>{label}: ya cargado.</translation>
    </message>
    <message>
        <source>{label}: label VOIDED, taken off the {cage} cage. Give it to a supervisor.</source>
        <translation>{label}: etiqueta ANULADA, retirado de la jaula {cage}. Entréguelo a un supervisor.</translation>
    </message>
    <message>
        <source>{label}: label VOIDED. Do not ship; give it to a supervisor.</source>
        <translation>{label}: etiqueta ANULADA. No enviar; entréguelo a un supervisor.</translation>
    </message>
    <message>
        <source>{label}: order {order} is ON HOLD.</source>
        <translation>{label}: el pedido {order} está RETENIDO.</translation>
    </message>
    <message>
        <source>{label}: order {order} was CANCELLED. Do not ship: void its label and take it off the cage.</source>
        <translation>{label}: el pedido {order} fue CANCELADO. No enviar: anule su etiqueta y retírelo de la jaula.</translation>
    </message>
    <message>
        <source>{mine} parcel on the {theirs} cage. Put it aside.</source>
        <translation>Paquete de {mine} en la jaula de {theirs}. Apártelo.</translation>
    </message>
    <message>
        <source>{name} is locked after {attempts} wrong PINs: try again in 1 minute, or ask a supervisor to unlock.</source>
        <translation>{name} está bloqueado tras {attempts} PIN incorrectos: inténtelo de nuevo en 1 minuto o pida a un supervisor que lo desbloquee.</translation>
    </message>
    <message>
        <source>{name} is locked after {attempts} wrong PINs: try again in {minutes} minutes, or ask a supervisor to unlock.</source>
        <translation>{name} está bloqueado tras {attempts} PIN incorrectos: inténtelo de nuevo en {minutes} minutos o pida a un supervisor que lo desbloquee.</translation>
    </message>
    <message>
        <source>{name} is not a supervisor. {refusal}</source>
        <translation>{name} no es supervisor. {refusal}</translation>
    </message>
    <message>
        <source>{path} is not a folder</source>
        <translation>{path} no es una carpeta</translation>
    </message>
    <message>
        <source>{problem} during the job ({handed} of {size} bytes sent); {tail}</source>
        <translation>{problem} durante el trabajo ({handed} de {size} bytes enviados); {tail}</translation>
    </message>
    <message>
        <source>{problem} during the job; {tail}</source>
        <translation>{problem} durante el trabajo; {tail}</translation>
    </message>
    <message>
        <source>{problem} {question}</source>
        <translation>{problem} {question}</translation>
    </message>
    <message>
        <source>{product} comes inside the pre-packed kit {kit} in order {reference}: scan the kit&apos;s barcode, not its parts.</source>
        <translation>{product} va dentro del kit preembalado {kit} en el pedido {reference}: escanee el código del kit, no sus partes.</translation>
    </message>
    <message>
        <source>{product} expired on {expiry}. Put it aside.</source>
        <translation>{product} caducó el {expiry}. Apártelo.</translation>
    </message>
    <message>
        <source>{product} is already complete. Put this unit back.</source>
        <translation>{product} ya está completo. Devuelva esta unidad.</translation>
    </message>
    <message>
        <source>{product} is not in order {reference}. Put it aside.</source>
        <translation>{product} no está en el pedido {reference}. Apártelo.</translation>
    </message>
    <message>
        <source>{product} is packed from its components in order {reference}: scan each of them ({components}).</source>
        <translation>{product} se embala por componentes en el pedido {reference}: escanee cada uno ({components}).</translation>
    </message>
    <message>
        <source>{product}: {verified} of {quantity}</source>
        <translation>{product}: {verified} de {quantity}</translation>
    </message>
    <message>
        <source>{range}: 0 numbers left (used up); an admin adds more with &apos;packbench ranges add&apos;.</source>
        <translation>{range}: quedan 0 números (agotado); un administrador añade más con &apos;packbench ranges add&apos;.</translation>
    </message>
    <message>
        <source>{range}: 1 number left ({percent}% used); an admin adds more with &apos;packbench ranges add&apos;.</source>
        <translation>{range}: queda 1 número ({percent}% usado); un administrador añade más con &apos;packbench ranges add&apos;.</translation>
    </message>
    <message>
        <source>{range}: {count} numbers left ({percent}% used); an admin adds more with &apos;packbench ranges add&apos;.</source>
        <translation>{range}: quedan {count} números ({percent}% usado); un administrador añade más con &apos;packbench ranges add&apos;.</translation>
    </message>
    <message>
        <source>{reading}: {detail}</source>
        <translation>{reading}: {detail}</translation>
    </message>
    <message>
        <source>{state} ({detail})</source>
        <translation>{state} ({detail})</translation>
    </message>
    <message>
        <source>{station} is live: it sent a heartbeat within the last two. Retire its numbers only if you are sure (--force): it stops using them at its next contact with the database, and a label it prints from them offline before then is listed as a conflict when it syncs.</source>
        <translation>{station} está activa: envió una señal en los dos últimos latidos. Retire sus números solo si está seguro (--force): deja de usarlos en su próximo contacto con la base de datos, y una etiqueta que imprima antes con ellos sin conexión se lista como conflicto al sincronizar.</translation>
    </message>
    <message>
        <source>{station} {where}</source>
        <translation>{station} {where}</translation>
    </message>
    <message>
        <source>{value} cannot be a lot or serial number (at most {most} characters).</source>
        <translation>{value} no puede ser un lote ni un número de serie (máximo {most} caracteres).</translation>
    </message>
    <message>
        <source>{weight} g is below zero: zero the scale and weigh again.</source>
        <translation>{weight} g está por debajo de cero: ponga la báscula a cero y pese de nuevo.</translation>
    </message>
    <message>
        <source>{weight}, expected {span}: check the parcel</source>
        <translation>{weight}, se esperaba {span}: revise el bulto</translation>
    </message>
    <message>
        <source>{weight}: weight checked ({span}).</source>
        <translation>{weight}: peso comprobado ({span}).</translation>
    </message>
    <message>
        <source>⌨ keyed</source>
        <translation>⌨ tecleado</translation>
    </message>
</context>
<context>
    <name>OfflineStrip</name>
    <message>
        <source>(Scan ACKNOWLEDGE, press F7 or click this strip once you have done so.)</source>
        <translation>(Después, escanee ACKNOWLEDGE, pulse F7 o haga clic en esta franja.)</translation>
    </message>
    <message>
        <source>Syncing: 1 change waiting to sync.</source>
        <translation>Sincronizando: 1 cambio pendiente.</translation>
    </message>
    <message>
        <source>Syncing: {0} changes waiting to sync.</source>
        <translation>Sincronizando: {0} cambios pendientes.</translation>
    </message>
    <message>
        <source>OFFLINE: 1 change waiting to sync.</source>
        <translation>SIN CONEXIÓN: 1 cambio pendiente de sincronizar.</translation>
    </message>
    <message>
        <source>OFFLINE: {0} changes waiting to sync.</source>
        <translation>SIN CONEXIÓN: {0} cambios pendientes de sincronizar.</translation>
    </message>
    <message>
        <source>Finish this order, then 1 more order kept here (Next order [F5] or a slip); others when the database is back.</source>
        <translation>Termine este pedido y luego 1 pedido más guardado aquí (Siguiente pedido [F5] o una hoja); los demás cuando vuelva la base de datos.</translation>
    </message>
    <message>
        <source>Finish this order, then {0} more orders kept here (Next order [F5] or a slip); others when the database is back.</source>
        <translation>Termine este pedido y luego {0} pedidos más guardados aquí (Siguiente pedido [F5] o una hoja); los demás cuando vuelva la base de datos.</translation>
    </message>
    <message>
        <source>Finish this order; new orders when the database is back.</source>
        <translation>Termine este pedido; habrá pedidos nuevos cuando vuelva la base de datos.</translation>
    </message>
    <message>
        <source>1 order kept here (Next order [F5] or its slip); others when the database is back.</source>
        <translation>1 pedido guardado aquí (Siguiente pedido [F5] o su hoja); los demás cuando vuelva la base de datos.</translation>
    </message>
    <message>
        <source>{0} orders kept here (Next order [F5] or a slip); others when the database is back.</source>
        <translation>{0} pedidos guardados aquí (Siguiente pedido [F5] o una hoja); los demás cuando vuelva la base de datos.</translation>
    </message>
    <message>
        <source>New orders when the database is back.</source>
        <translation>Pedidos nuevos cuando vuelva la base de datos.</translation>
    </message>
    <message>
        <source>OFFLINE: 1 order is kept at this station: press Next order [F5] or scan its slip. New orders when the database is back.</source>
        <translation>SIN CONEXIÓN: 1 pedido está guardado en esta estación: pulse Siguiente pedido [F5] o escanee su hoja. Pedidos nuevos cuando vuelva la base de datos.</translation>
    </message>
    <message>
        <source>OFFLINE: {0} orders are kept at this station: press Next order [F5] or scan a slip. New orders when the database is back.</source>
        <translation>SIN CONEXIÓN: {0} pedidos están guardados en esta estación: pulse Siguiente pedido [F5] o escanee una hoja. Pedidos nuevos cuando vuelva la base de datos.</translation>
    </message>
    <message>
        <source>OFFLINE: no new orders until the database is back (an order this station holds opens with its slip).</source>
        <translation>SIN CONEXIÓN: no hay pedidos nuevos hasta que vuelva la base de datos (un pedido que tiene esta estación se abre con su hoja).</translation>
    </message>
</context>
<context>
    <name>OrderLinesModel</name>
    <message>
        <source>Product</source>
        <translation>Producto</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Referencia</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Scanned</source>
        <translation>Escaneado</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>Serials left: {serials}</source>
        <translation>N.º de serie pendientes: {serials}</translation>
    </message>
</context>
<context>
    <name>OrderPanels</name>
    <message>
        <source>⚠ Order {0}: read the packing notes.
Scan ACKNOWLEDGE or press [{1}].</source>
        <translation>⚠ Pedido {0}: lea las notas de embalaje.
Escanee ACKNOWLEDGE o pulse [{1}].</translation>
    </message>
    <message>
        <source>⚠ IMPORTANT: PACKING NOTES</source>
        <translation>⚠ IMPORTANTE: NOTAS DE EMBALAJE</translation>
    </message>
    <message>
        <source>Packing notes</source>
        <translation>Notas de embalaje</translation>
    </message>
    <message>
        <source>🎁 Gift message:
{0}</source>
        <translation>🎁 Mensaje de regalo:
{0}</translation>
    </message>
    <message>
        <source>📦 Parcel {0}: {1} Scan the box&apos;s barcode.</source>
        <translation>📦 Bulto {0}: {1} Escanee el código de la caja.</translation>
    </message>
</context>
<context>
    <name>PackOut</name>
    <message>
        <source>New parcel  [{key}]</source>
        <translation>Nuevo bulto  [{key}]</translation>
    </message>
    <message>
        <source>Accept weight…  [{key}]</source>
        <translation>Aceptar peso…  [{key}]</translation>
    </message>
    <message>
        <source>Scale: waiting for a reading</source>
        <translation>Báscula: esperando una lectura</translation>
    </message>
    <message>
        <source>Parcel {number}: {weight}</source>
        <translation>Bulto {number}: {weight}</translation>
    </message>
    <message>
        <source>Closing parcel {number} of order {reference}…</source>
        <translation>Cerrando el bulto {number} del pedido {reference}…</translation>
    </message>
    <message>
        <source>Completing order {reference}…</source>
        <translation>Completando el pedido {reference}…</translation>
    </message>
    <message>
        <source>Accept weight</source>
        <translation>Aceptar peso</translation>
    </message>
    <message>
        <source>{refusal}.
Why may parcel {number} ship as it is?</source>
        <translation>{refusal}.
¿Por qué puede enviarse el bulto {number} así?</translation>
    </message>
    <message>
        <source>Weight not accepted: no reason given.</source>
        <translation>Peso no aceptado: no se dio ningún motivo.</translation>
    </message>
    <message>
        <source>⚖ WEIGHT REFUSED
{message}</source>
        <translation>⚖ PESO RECHAZADO
{message}</translation>
    </message>
    <message>
        <source>Parcel {closed}{weighed} closed: label {tracking}.
Parcel {number} is open: scan its units.</source>
        <translation>Bulto {closed}{weighed} cerrado: etiqueta {tracking}.
El bulto {number} está abierto: escanee sus unidades.</translation>
    </message>
</context>
<context>
    <name>PackScreen</name>
    <message>
        <source>Hold order</source>
        <translation>Retener pedido</translation>
    </message>
    <message>
        <source>Why is order {reference} put on hold?</source>
        <translation>¿Por qué se retiene el pedido {reference}?</translation>
    </message>
    <message>
        <source>Release cancelled. </source>
        <translation>Liberación cancelada. </translation>
    </message>
    <message>
        <source>Release: scan the slip or tote of the order to release.</source>
        <translation>Liberar: escanee la hoja o el contenedor del pedido a liberar.</translation>
    </message>
    <message>
        <source>Not released: the station is closing.</source>
        <translation>No liberado: el puesto se está cerrando.</translation>
    </message>
    <message>
        <source>No open order.</source>
        <translation>No hay pedido abierto.</translation>
    </message>
    <message>
        <source>Hold: scan the reason (missing, damaged, wrong item).</source>
        <translation>Retener: escanee el motivo (falta, dañado, artículo equivocado).</translation>
    </message>
    <message>
        <source>Not printed again: the station is closing.</source>
        <translation>No reimpreso: el puesto se está cerrando.</translation>
    </message>
    <message>
        <source>Completing order {reference}…</source>
        <translation>Completando el pedido {reference}…</translation>
    </message>
    <message>
        <source>Cancelled. </source>
        <translation>Cancelado. </translation>
    </message>
    <message>
        <source>Cancelled. Carry on scanning.</source>
        <translation>Cancelado. Siga escaneando.</translation>
    </message>
    <message>
        <source>Order {reference}: scan every unit ({units} in all).</source>
        <translation>Pedido {reference}: escanee cada unidad ({units} en total).</translation>
    </message>
    <message>
        <source>The queue is empty: no order is ready to pack.</source>
        <translation>La cola está vacía: no hay pedidos listos para empacar.</translation>
    </message>
    <message>
        <source>Order {reference} packed. Printing label {tracking}…</source>
        <translation>Pedido {reference} empacado. Imprimiendo la etiqueta {tracking}…</translation>
    </message>
    <message>
        <source>Order {reference} is on hold for a supervisor. </source>
        <translation>El pedido {reference} queda retenido para un supervisor. </translation>
    </message>
</context>
<context>
    <name>ParcelDialog</name>
    <message>
        <source>   VOID ({reason})</source>
        <translation>   ANULADA ({reason})</translation>
    </message>
    <message>
        <source>Order {reference} · parcel {number} · {tracking}</source>
        <translation>Pedido {reference} · bulto {number} · {tracking}</translation>
    </message>
    <message>
        <source>Scan the label, or type the order, tracking number or SSCC</source>
        <translation>Escanee la etiqueta o escriba el pedido, el número de seguimiento o el SSCC</translation>
    </message>
    <message>
        <source>Choose, type or scan a reason</source>
        <translation>Elija, escriba o escanee un motivo</translation>
    </message>
    <message>
        <source>Cancel  [Esc]</source>
        <translation>Cancelar  [Esc]</translation>
    </message>
    <message>
        <source>Parcel:</source>
        <translation>Bulto:</translation>
    </message>
    <message>
        <source>Found:</source>
        <translation>Encontrado:</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Motivo:</translation>
    </message>
    <message>
        <source>{action}  [Enter]</source>
        <translation>{action}  [Intro]</translation>
    </message>
    <message>
        <source>Reason: {reason}.</source>
        <translation>Motivo: {reason}.</translation>
    </message>
    <message>
        <source>Scan the parcel&apos;s label or a reason from the sheet here.</source>
        <translation>Escanee aquí la etiqueta del bulto o un motivo de la hoja.</translation>
    </message>
    <message>
        <source>Scan the parcel&apos;s label, or type its order or tracking number.</source>
        <translation>Escanee la etiqueta del bulto o escriba su pedido o número de seguimiento.</translation>
    </message>
    <message>
        <source>Give a reason: choose one, type it, or scan it from the sheet.</source>
        <translation>Indique un motivo: elíjalo, escríbalo o escanéelo de la hoja.</translation>
    </message>
    <message>
        <source>Looking up {text}…</source>
        <translation>Buscando {text}…</translation>
    </message>
    <message>
        <source>Nothing found for {text}.</source>
        <translation>No se encontró nada para {text}.</translation>
    </message>
    <message>
        <source>{count} parcels: choose one with ↑ ↓. </source>
        <translation>{count} bultos: elija uno con ↑ ↓. </translation>
    </message>
    <message>
        <source>Give a reason, then </source>
        <translation>Indique un motivo y </translation>
    </message>
    <message>
        <source>press Enter.</source>
        <translation>pulse Intro.</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Backspace</source>
        <translation>Retroceso</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Intro</translation>
    </message>
    <message>
        <source>Cancel  [Esc]</source>
        <translation>Cancelar  [Esc]</translation>
    </message>
    <message>
        <source>Type the PIN (keyboard or numpad) and press Enter.</source>
        <translation>Escriba el PIN (teclado o teclado numérico) y pulse Intro.</translation>
    </message>
    <message>
        <source>PIN for {name}</source>
        <translation>PIN de {name}</translation>
    </message>
    <message>
        <source>Type your PIN first.</source>
        <translation>Escriba primero su PIN.</translation>
    </message>
</context>
<context>
    <name>PrintBanner</name>
    <message>
        <source>The print queue cannot be read: {message}</source>
        <extracomment>How often the print worker runs the queue&apos;s tick (the service asks for 0.5-1 s).</extracomment>
        <translation>No se puede leer la cola de impresión: {message}</translation>
    </message>
    <message>
        <source>{count} label(s) waiting: they print by themselves.</source>
        <translation>{count} etiqueta(s) en espera: se imprimen solas.</translation>
    </message>
    <message>
        <source>⚠ PRINTER {printer}: {text}</source>
        <translation>⚠ IMPRESORA {printer}: {text}</translation>
    </message>
    <message>
        <source>Label {tracking} was not printed.</source>
        <translation>La etiqueta {tracking} no se imprimió.</translation>
    </message>
    <message>
        <source>Print a label again</source>
        <translation>Reimprimir una etiqueta</translation>
    </message>
    <message>
        <source>Print again</source>
        <translation>Reimprimir</translation>
    </message>
    <message>
        <source>Printing the label again…</source>
        <translation>Reimprimiendo la etiqueta…</translation>
    </message>
    <message>
        <source>Testing printer {printer}…</source>
        <translation>Probando la impresora {printer}…</translation>
    </message>
    <message>
        <source>✖ TEST LABEL NOT PRINTED — {status}
{error}</source>
        <translation>✖ ETIQUETA DE PRUEBA NO IMPRESA — {status}
{error}</translation>
    </message>
    <message>
        <source>✔ Test label sent to {destination} — printer {status}.</source>
        <translation>✔ Etiqueta de prueba enviada a {destination} — impresora {status}.</translation>
    </message>
    <message>
        <source>⚠ LABEL INTERRUPTED ({tracking})
Answer the question above.</source>
        <translation>⚠ ETIQUETA INTERRUMPIDA ({tracking})
Responda a la pregunta de arriba.</translation>
    </message>
    <message>
        <source>The label prints by itself as soon as the printer answers ready.</source>
        <translation>La etiqueta se imprime sola en cuanto la impresora esté lista.</translation>
    </message>
    <message>
        <source>✖ LABEL NOT PRINTED ({tracking})
{error}
Fix the printer: the label prints by itself when it is back.</source>
        <translation>✖ ETIQUETA NO IMPRESA ({tracking})
{error}
Arregle la impresora: la etiqueta se imprime sola cuando vuelva.</translation>
    </message>
    <message>
        <source>Put the parcel in {destination}. </source>
        <translation>Ponga el bulto en {destination}. </translation>
    </message>
    <message>
        <source>✔ Label {tracking} printed.
{where}Scan the next order.</source>
        <translation>✔ Etiqueta {tracking} impresa.
{where}Escanee el siguiente pedido.</translation>
    </message>
    <message>
        <source>✖ LABEL NOT PRINTED
{error}</source>
        <translation>✖ ETIQUETA NO IMPRESA
{error}</translation>
    </message>
</context>
<context>
    <name>PrinterPanel</name>
    <message>
        <source>(jobs and previews go into the data folder)</source>
        <translation>(los trabajos y vistas previas van a la carpeta de datos)</translation>
    </message>
    <message>
        <source>04b8:0e15 (vendor:product)</source>
        <translation>04b8:0e15 (fabricante:producto)</translation>
    </message>
    <message>
        <source>the CUPS queue name</source>
        <translation>el nombre de la cola CUPS</translation>
    </message>
    <message>
        <source>the printer&apos;s name in Windows</source>
        <translation>el nombre de la impresora en Windows</translation>
    </message>
    <message>
        <source>Print a packing sl&amp;ip after each label</source>
        <translation>Imprimir un &amp;albarán tras cada etiqueta</translation>
    </message>
    <message>
        <source>The printer &amp;answers status requests (uncheck only for one that does not)</source>
        <translation>La impresora contesta a consultas de &amp;estado (desmarcar solo si no lo hace)</translation>
    </message>
    <message>
        <source>(choose one to fill in Connection and Where)</source>
        <translation>(elija una para rellenar Conexión y Dónde)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>F&amp;ound</source>
        <translation>E&amp;ncontrada</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>&amp;Conexión</translation>
    </message>
    <message>
        <source>&amp;Where</source>
        <translation>&amp;Dónde</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>Label si&amp;ze</source>
        <translation>&amp;Tamaño de etiqueta</translation>
    </message>
    <message>
        <source>ESC/POS p&amp;rofile</source>
        <translation>Pe&amp;rfil ESC/POS</translation>
    </message>
    <message>
        <source>Print a test label to check the printer.</source>
        <translation>Imprima una etiqueta de prueba para comprobar la impresora.</translation>
    </message>
    <message>
        <source>&amp;Print test label  [Alt+P]</source>
        <translation>Im&amp;primir etiqueta de prueba  [Alt+P]</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Probando…</translation>
    </message>
    <message>
        <source>printer {state}</source>
        <translation>impresora {state}</translation>
    </message>
    <message>
        <source>✖ Test label NOT printed — {status}. {error}</source>
        <translation>✖ Etiqueta de prueba NO impresa — {status}. {error}</translation>
    </message>
    <message>
        <source>✔ Test label sent to {destination} — {status}.</source>
        <translation>✔ Etiqueta de prueba enviada a {destination} — {status}.</translation>
    </message>
</context>
<context>
    <name>PrinterSettingsDialog</name>
    <message>
        <source>Printer</source>
        <translation>Impresora</translation>
    </message>
    <message>
        <source>&amp;Save  [Alt+S]</source>
        <translation>&amp;Guardar  [Alt+G]</translation>
    </message>
    <message>
        <source>Close  [Esc]</source>
        <translation>Cerrar  [Esc]</translation>
    </message>
    <message>
        <source>✖ Not saved: {error}</source>
        <translation>✖ No guardado: {error}</translation>
    </message>
    <message>
        <source>✔ Saved to {path}. Restart Packbench to print with it.</source>
        <translation>✔ Guardado en {path}. Reinicie Packbench para imprimir con ella.</translation>
    </message>
</context>
<context>
    <name>RangeWarning</name>
    <message>
        <source>⚠ ATTENTION: {warning}</source>
        <translation>⚠ ATENCIÓN: {warning}</translation>
    </message>
</context>
<context>
    <name>SignInFlow</name>
    <message>
        <source>{name} took over from {before}. </source>
        <translation>{name} sustituye a {before}. </translation>
    </message>
    <message>
        <source>{name}: signed in already. </source>
        <translation>{name}: ya tiene la sesión iniciada. </translation>
    </message>
    <message>
        <source>Hello {name}. </source>
        <translation>Hola, {name}. </translation>
    </message>
    <message>
        <source>Order {reference} is still open: carry on scanning.</source>
        <translation>El pedido {reference} sigue abierto: siga escaneando.</translation>
    </message>
    <message>
        <source>Welcome back, {name}. </source>
        <translation>Bienvenido de nuevo, {name}. </translation>
    </message>
    <message>
        <source>Switch cancelled. Carry on.</source>
        <translation>Cambio cancelado. Continúe.</translation>
    </message>
</context>
<context>
    <name>StationDisplay</name>
    <message>
        <source>Saving…</source>
        <extracomment>Marks a banner text may start with already (``?``: data needed, shown in ATTENTION). The offline strip, where the station can work offline (set by the pack screen).</extracomment>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Label preview</source>
        <translation>Vista previa de la etiqueta</translation>
    </message>
    <message>
        <source>Complete  [F12]</source>
        <translation>Completar  [F12]</translation>
    </message>
    <message>
        <source>Undo last scan  [F8]</source>
        <translation>Deshacer último escaneo  [F8]</translation>
    </message>
    <message>
        <source>Next order  [F5]</source>
        <translation>Siguiente pedido  [F5]</translation>
    </message>
    <message>
        <source>Hold…  [F9]</source>
        <translation>Retener…  [F9]</translation>
    </message>
    <message>
        <source>Print again  [F10]</source>
        <translation>Reimprimir  [F10]</translation>
    </message>
    <message>
        <source>Sign out  [F2]</source>
        <translation>Cerrar sesión  [F2]</translation>
    </message>
    <message>
        <source>Release an order…  [F11]</source>
        <translation>Liberar un pedido…  [F11]</translation>
    </message>
    <message>
        <source>Move waiting labels…  [F6]</source>
        <translation>Mover etiquetas en espera…  [F6]</translation>
    </message>
    <message>
        <source>Scan, or type a code and press Enter</source>
        <translation>Escanee, o escriba un código y pulse Intro</translation>
    </message>
    <message>
        <source>No open order</source>
        <translation>Ningún pedido abierto</translation>
    </message>
    <message>
        <source>Order {reference}   ·   {carrier} {service}</source>
        <translation>Pedido {reference}   ·   {carrier} {service}</translation>
    </message>
    <message>
        <source>? DATA NEEDED
{message}</source>
        <translation>? FALTAN DATOS
{message}</translation>
    </message>
    <message>
        <source>Not accepted</source>
        <translation>No aceptado</translation>
    </message>
    <message>
        <source>All {units} units verified: press Complete [F12].</source>
        <translation>Las {units} unidades verificadas: pulse Completar [F12].</translation>
    </message>
    <message>
        <source>Scan your badge to sign in</source>
        <translation>Escanee su tarjeta para iniciar sesión</translation>
    </message>
    <message>
        <source>{prefix}Scan an order slip or tote, or press Next order [F5].</source>
        <translation>{prefix}Escanee una hoja de pedido o un contenedor, o pulse Siguiente pedido [F5].</translation>
    </message>
</context>
<context>
    <name>StoppedLabels</name>
    <message>
        <source>Done  [{key}]</source>
        <translation>Hecho  [{key}]</translation>
    </message>
</context>
<context>
    <name>SupervisorActions</name>
    <message>
        <source>Void a label…  [{key}]</source>
        <extracomment>Reasons offered for a void (typed ones are accepted too).</extracomment>
        <translation>Anular una etiqueta…  [{key}]</translation>
    </message>
    <message>
        <source>Release order</source>
        <translation>Liberar pedido</translation>
    </message>
    <message>
        <source>Why is this order released from its station?</source>
        <translation>¿Por qué se libera este pedido de su puesto?</translation>
    </message>
    <message>
        <source>Release cancelled: a reason is needed.</source>
        <translation>Liberación cancelada: hace falta un motivo.</translation>
    </message>
    <message>
        <source>✔ Order {reference} released back to the queue.</source>
        <translation>✔ Pedido {reference} devuelto a la cola.</translation>
    </message>
    <message>
        <source>Move waiting labels</source>
        <translation>Mover etiquetas en espera</translation>
    </message>
    <message>
        <source>{printer}  ({count} waiting)</source>
        <translation>{printer}  ({count} en espera)</translation>
    </message>
    <message>
        <source>Labels waiting for printer:</source>
        <translation>Etiquetas que esperan a la impresora:</translation>
    </message>
    <message>
        <source>Send them to printer:</source>
        <translation>Enviarlas a la impresora:</translation>
    </message>
    <message>
        <source>✔ {count} label(s) moved from {source} to {target}.</source>
        <translation>✔ {count} etiqueta(s) movida(s) de {source} a {target}.</translation>
    </message>
    <message>
        <source>Void a label</source>
        <translation>Anular una etiqueta</translation>
    </message>
    <message>
        <source>Void label</source>
        <translation>Anular etiqueta</translation>
    </message>
</context>
<context>
    <name>TestScanDialog</name>
    <message>
        <source>Test scan</source>
        <translation>Prueba de escaneo</translation>
    </message>
    <message>
        <source>Close  [Esc]</source>
        <translation>Cerrar  [Esc]</translation>
    </message>
</context>
<context>
    <name>TestScanPanel</name>
    <message>
        <source>Scan any barcode now</source>
        <translation>Escanee ahora cualquier código</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Recibido</translation>
    </message>
    <message>
        <source>Symbology</source>
        <translation>Simbología</translation>
    </message>
    <message>
        <source>Understood as</source>
        <translation>Entendido como</translation>
    </message>
    <message>
        <source>Key timing</source>
        <translation>Ritmo de teclas</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>Sugerencia</translation>
    </message>
    <message>
        <source>Refused: {message}</source>
        <translation>Rechazado: {message}</translation>
    </message>
    <message>
        <source>none sent (enable AIM ids on the scanner)</source>
        <translation>no se envió (active los identificadores AIM en el escáner)</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Intro</translation>
    </message>
    <message>
        <source>{keys} keys, mean gap {mean:.1f} ms, slowest {slowest:.1f} ms; counted as a scan: {scan}</source>
        <translation>{keys} teclas, intervalo medio {mean:.1f} ms, el más lento {slowest:.1f} ms; contado como escaneo: {scan}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>This scanner types too slowly to tell from a person. Lower its inter-character delay, or configure a prefix and suffix.</source>
        <translation>Este escáner teclea demasiado despacio para distinguirlo de una persona. Reduzca su retardo entre caracteres o configure un prefijo y un sufijo.</translation>
    </message>
    <message>
        <source>Not taken as a scan with max gap {current} ms. Set max gap to {best} ms.</source>
        <translation>No se tomó como escaneo con un intervalo máximo de {current} ms. Ponga el intervalo máximo en {best} ms.</translation>
    </message>
    <message>
        <source>Works. A max gap of {best} ms would fit (now {current} ms).</source>
        <translation>Funciona. Un intervalo máximo de {best} ms encajaría (ahora {current} ms).</translation>
    </message>
    <message>
        <source>Not a scan (typed too slowly, too short, or prefix missing)</source>
        <translation>No es un escaneo (tecleado muy despacio, muy corto o falta el prefijo)</translation>
    </message>
</context>
<context>
    <name>ask</name>
    <message>
        <source>OK  [Enter]</source>
        <translation>Aceptar  [Intro]</translation>
    </message>
    <message>
        <source>Cancel  [Esc]</source>
        <translation>Cancelar  [Esc]</translation>
    </message>
</context>
</TS>
