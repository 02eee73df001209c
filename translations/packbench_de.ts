<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>AcknowledgeHandling</name>
    <message>
        <source>✔ Acknowledge  [{key}]</source>
        <translation>✔ Quittieren  [{key}]</translation>
    </message>
    <message>
        <source>A supervisor&apos;s badge acknowledges it.</source>
        <translation>Quittieren mit dem Ausweis einer Aufsicht.</translation>
    </message>
    <message>
        <source>Scan ACKNOWLEDGE or press [{key}].</source>
        <translation>ACKNOWLEDGE scannen oder [{key}] drücken.</translation>
    </message>
    <message>
        <source>a supervisor&apos;s badge</source>
        <translation>Ausweis einer Aufsicht</translation>
    </message>
    <message>
        <source>NOT DONE</source>
        <translation>NICHT AUSGEFÜHRT</translation>
    </message>
    <message>
        <source>Acknowledged by {name}. Carry on scanning.</source>
        <translation>Quittiert von {name}. Weiter scannen.</translation>
    </message>
    <message>
        <source>NOT COUNTED</source>
        <translation>NICHT GEZÄHLT</translation>
    </message>
</context>
<context>
    <name>BoxDialog</name>
    <message>
        <source>in use</source>
        <translation>in Gebrauch</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Inside length (mm)</source>
        <translation>Innenlänge (mm)</translation>
    </message>
    <message>
        <source>Inside width (mm)</source>
        <translation>Innenbreite (mm)</translation>
    </message>
    <message>
        <source>Inside height (mm)</source>
        <translation>Innenhöhe (mm)</translation>
    </message>
    <message>
        <source>Tare (g)</source>
        <translation>Tara (g)</translation>
    </message>
    <message>
        <source>Maximum weight (g)</source>
        <translation>Höchstgewicht (g)</translation>
    </message>
</context>
<context>
    <name>BoxUseTable</name>
    <message>
        <source>Box use (parcels closed per box type)</source>
        <translation>Kartonverbrauch (geschlossene Pakete je Kartontyp)</translation>
    </message>
    <message>
        <source>Box use: {0} parcel(s) closed in a scanned box</source>
        <translation>Kartonverbrauch: {0} Paket(e) in einem gescannten Karton geschlossen</translation>
    </message>
</context>
<context>
    <name>BoxesPanel</name>
    <message>
        <source>Add box  [Ctrl+Shift+N]</source>
        <translation>Karton anlegen  [Ctrl+Shift+N]</translation>
    </message>
    <message>
        <source>Change box  [Ctrl+Shift+E]</source>
        <translation>Karton ändern  [Ctrl+Shift+E]</translation>
    </message>
    <message>
        <source>Fill factor  [Ctrl+Shift+F]</source>
        <translation>Füllfaktor  [Ctrl+Shift+F]</translation>
    </message>
    <message>
        <source>Box types (a whole file with &apos;packbench import boxes&apos;)</source>
        <translation>Kartontypen (eine ganze Datei mit &apos;packbench import boxes&apos;)</translation>
    </message>
    <message>
        <source>Suggestions fill boxes to {0} of their volume.</source>
        <translation>Vorschläge füllen Kartons zu {0} ihres Volumens.</translation>
    </message>
    <message>
        <source>Box {0} saved.</source>
        <translation>Karton {0} gespeichert.</translation>
    </message>
    <message>
        <source>Add a box type</source>
        <translation>Kartontyp anlegen</translation>
    </message>
    <message>
        <source>Choose the box type to change in the list first.</source>
        <translation>Zuerst den zu ändernden Kartontyp in der Liste wählen.</translation>
    </message>
    <message>
        <source>Change box {0}</source>
        <translation>Karton {0} ändern</translation>
    </message>
    <message>
        <source>Fill factor of the box suggestion</source>
        <translation>Füllfaktor des Kartonvorschlags</translation>
    </message>
    <message>
        <source>Fill factor set to {0}.</source>
        <translation>Füllfaktor auf {0} gesetzt.</translation>
    </message>
</context>
<context>
    <name>ConsoleDoor</name>
    <message>
        <source>Supervisor console  [{key}]</source>
        <translation>Aufsichtskonsole  [{key}]</translation>
    </message>
</context>
<context>
    <name>DeviceStatusLabel</name>
    <message>
        <source>connected</source>
        <extracomment>Per state: (background, text colour, wording). Tags with a solid background read well on the dark header and on a light window alike.</extracomment>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>disconnected (reconnecting)</source>
        <translation>getrennt (verbindet neu)</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>getrennt</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Waage</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Scanner</translation>
    </message>
</context>
<context>
    <name>DockScreen</name>
    <message>
        <source>Dock: scan your badge</source>
        <extracomment>One sound per kind of answer, so the loader hears it without looking. The cage&apos;s counts as they stand (a read), for the idle screen&apos;s refresh; None: none. How often the idle dock reads its cage&apos;s counts again (parcels labelled, voided elsewhere).</extracomment>
        <translation>Rampe: Ausweis scannen</translation>
    </message>
    <message>
        <source>No cage chosen</source>
        <translation>Kein Käfig gewählt</translation>
    </message>
    <message>
        <source>Scan your badge to start.</source>
        <translation>Zum Beginnen den Ausweis scannen.</translation>
    </message>
    <message>
        <source>Scan your badge first.</source>
        <translation>Erst den Ausweis scannen.</translation>
    </message>
    <message>
        <source>{user} at {station}</source>
        <translation>{user} an {station}</translation>
    </message>
    <message>
        <source>Signed in. Scan a manifest barcode or the first parcel.</source>
        <translation>Angemeldet. Barcode eines Manifests oder das erste Paket scannen.</translation>
    </message>
    <message>
        <source>Signed in.</source>
        <translation>Angemeldet.</translation>
    </message>
    <message>
        <source>Signed out. Scan your badge to start.</source>
        <translation>Abgemeldet. Zum Beginnen den Ausweis scannen.</translation>
    </message>
    <message>
        <source>{cage} cage, pick-up {when}</source>
        <translation>Käfig {cage}, Abholung {when}</translation>
    </message>
    <message>
        <source>Order {reference} handed over.</source>
        <translation>Auftrag {reference} übergeben.</translation>
    </message>
</context>
<context>
    <name>LabelQuestion</name>
    <message>
        <source>✔ Yes, it came out  [{key}]</source>
        <translation>✔ Ja, es kam heraus  [{key}]</translation>
    </message>
    <message>
        <source>↻ No, print it  [{key}]</source>
        <translation>↻ Nein, drucken  [{key}]</translation>
    </message>
    <message>
        <source>   (+{count} more after this one)</source>
        <translation>   (+{count} weitere danach)</translation>
    </message>
    <message>
        <source>⚠ LABEL INTERRUPTED ON PRINTER {printer}: look at the printer.</source>
        <translation>⚠ ETIKETT AUF DRUCKER {printer} UNTERBROCHEN: am Drucker nachsehen.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Station {name}</source>
        <translation>Station {name}</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Abgemeldet</translation>
    </message>
    <message>
        <source>Printer: {name}</source>
        <translation>Drucker: {name}</translation>
    </message>
    <message>
        <source>Test scan</source>
        <translation>Testscan</translation>
    </message>
    <message>
        <source>Test printer</source>
        <translation>Drucker testen</translation>
    </message>
    <message>
        <source>Printer…</source>
        <translation>Drucker…</translation>
    </message>
    <message>
        <source>packer</source>
        <translation>Packer</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>Aufsicht</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>Admin</translation>
    </message>
</context>
<context>
    <name>Message</name>
    <message>
        <source>A supervisor must acknowledge this: scan a supervisor&apos;s badge.</source>
        <translation>Eine Aufsicht muss quittieren: Ausweis einer Aufsicht scannen.</translation>
    </message>
    <message>
        <source>Acknowledge the error first: scan ACKNOWLEDGE or press [F7].</source>
        <translation>Erst den Fehler quittieren: ACKNOWLEDGE scannen oder [F7] drücken.</translation>
    </message>
    <message>
        <source>Badge not recognised. Ask a supervisor.</source>
        <translation>Ausweis unbekannt. Bitte die Aufsicht fragen.</translation>
    </message>
    <message>
        <source>Badge not recognised: the error is still to acknowledge.</source>
        <translation>Ausweis unbekannt: der Fehler ist noch zu quittieren.</translation>
    </message>
    <message>
        <source>Check the scanner&apos;s GS1 settings; if it keeps happening, the label is misprinted.</source>
        <translation>GS1-Einstellungen des Scanners prüfen; passiert es wieder, ist das Etikett fehlerhaft gedruckt.</translation>
    </message>
    <message>
        <source>DATA NEEDED</source>
        <translation>DATEN NÖTIG</translation>
    </message>
    <message>
        <source>Did the label for parcel {number} (tracking {tracking}, order {order}) come out?</source>
        <translation>Ist das Etikett für Paket {number} (Sendung {tracking}, Auftrag {order}) herausgekommen?</translation>
    </message>
    <message>
        <source>EAN-8 barcode {code} does not have 8 digits. {again}</source>
        <translation>EAN-8-Barcode {code} hat keine 8 Ziffern. {again}</translation>
    </message>
    <message>
        <source>EAN/UPC barcode with add-on {code} could not be split. {again}</source>
        <translation>EAN/UPC-Barcode mit Zusatzcode {code} ließ sich nicht aufteilen. {again}</translation>
    </message>
    <message>
        <source>EAN/UPC barcode {code} has {length} digits. {again}</source>
        <translation>EAN/UPC-Barcode {code} hat {length} Ziffern. {again}</translation>
    </message>
    <message>
        <source>EAN/UPC barcode {code} holds something other than digits. {again}</source>
        <translation>EAN/UPC-Barcode {code} enthält etwas anderes als Ziffern. {again}</translation>
    </message>
    <message>
        <source>EEPROM error</source>
        <translation>EEPROM-Fehler</translation>
    </message>
    <message>
        <source>EXPIRED</source>
        <translation>ABGELAUFEN</translation>
    </message>
    <message>
        <source>Empty scan: nothing was read. Scan again.</source>
        <translation>Leerer Scan: nichts gelesen. Erneut scannen.</translation>
    </message>
    <message>
        <source>Every unit is verified: press Complete [F12] to close the last parcel.</source>
        <translation>Jede Einheit ist geprüft: Abschließen [F12] drücken, um das letzte Paket zu schließen.</translation>
    </message>
    <message>
        <source>GS1 Digital Link {code} could not be read. {again}</source>
        <translation>GS1 Digital Link {code} konnte nicht gelesen werden. {again}</translation>
    </message>
    <message>
        <source>GS1 barcode holds an empty count. {again}</source>
        <translation>GS1-Barcode enthält eine leere Anzahl. {again}</translation>
    </message>
    <message>
        <source>GS1 barcode holds no data. {again}</source>
        <translation>GS1-Barcode enthält keine Daten. {again}</translation>
    </message>
    <message>
        <source>GS1 barcode holds the {field} twice, with different values ({first} and {second}). {again}</source>
        <translation>GS1-Barcode enthält das Feld {field} zweimal, mit verschiedenen Werten ({first} und {second}). {again}</translation>
    </message>
    <message>
        <source>GS1 barcode not readable: the {field} field {ai} is malformed ({data}). {again}</source>
        <translation>GS1-Barcode nicht lesbar: das Feld {field} ({ai}) ist fehlerhaft ({data}). {again}</translation>
    </message>
    <message>
        <source>GS1 barcode not readable: the {field} {data} is not a real date. {again}</source>
        <translation>GS1-Barcode nicht lesbar: das Feld {field} {data} ist kein gültiges Datum. {again}</translation>
    </message>
    <message>
        <source>GS1 barcode not readable: unexpected character {character} {where}. If the scanner sends {sent} in place of the GS1 separator, set it as the station&apos;s substitute separator. {again}</source>
        <translation>GS1-Barcode nicht lesbar: unerwartetes Zeichen {character} {where}. Sendet der Scanner {sent} statt des GS1-Trennzeichens, dieses als Ersatztrennzeichen der Station einstellen. {again}</translation>
    </message>
    <message>
        <source>GS1 barcode not readable: unexpected character {character} {where}. {again}</source>
        <translation>GS1-Barcode nicht lesbar: unerwartetes Zeichen {character} {where}. {again}</translation>
    </message>
    <message>
        <source>GS1 barcode not readable: unknown GS1 field {start}... {where}. {again}</source>
        <translation>GS1-Barcode nicht lesbar: unbekanntes GS1-Feld {start}... {where}. {again}</translation>
    </message>
    <message>
        <source>GS1 barcode {code} holds characters GS1 does not allow. {again}</source>
        <translation>GS1-Barcode {code} enthält Zeichen, die GS1 nicht erlaubt. {again}</translation>
    </message>
    <message>
        <source>GS1 separator missing: the {field} swallowed the next field (it reached its maximum of {limit} characters and the rest does not fit). {check}</source>
        <translation>GS1-Trennzeichen fehlt: das Feld {field} hat das nächste Feld verschluckt (es hat sein Maximum von {limit} Zeichen erreicht und der Rest passt nicht). {check}</translation>
    </message>
    <message>
        <source>GS1 separator missing: the {field} swallowed the next field (the {field} {value} ends in {tail}, which reads as the {next_field}). {check}</source>
        <translation>GS1-Trennzeichen fehlt: das Feld {field} hat das nächste Feld verschluckt (das Feld {field} {value} endet auf {tail}, das sich als Feld {next_field} liest). {check}</translation>
    </message>
    <message>
        <source>GS1 text {code} could not be read: every field must be an AI in parentheses followed by its data. {again}</source>
        <translation>GS1-Text {code} konnte nicht gelesen werden: jedes Feld muss ein AI in Klammern sein, gefolgt von seinen Daten. {again}</translation>
    </message>
    <message>
        <source>GTIN of the contents</source>
        <translation>GTIN des Inhalts</translation>
    </message>
    <message>
        <source>Give a reason for the hold.</source>
        <translation>Einen Grund für die Sperre angeben.</translation>
    </message>
    <message>
        <source>Give a reason for {what} ({reasons}, or type one).</source>
        <translation>Einen Grund angeben für: {what} ({reasons}, oder einen eintippen).</translation>
    </message>
    <message>
        <source>Hold cancelled: scan a hold reason from the sheet.</source>
        <translation>Sperre abgebrochen: einen Sperrgrund vom Blatt scannen.</translation>
    </message>
    <message>
        <source>INVALID BARCODE</source>
        <translation>UNGÜLTIGER BARCODE</translation>
    </message>
    <message>
        <source>Interrupted while sending.</source>
        <translation>Beim Senden unterbrochen.</translation>
    </message>
    <message>
        <source>Invalid SSCC {code}: the check digit is wrong. {again}</source>
        <translation>Ungültige SSCC {code}: die Prüfziffer ist falsch. {again}</translation>
    </message>
    <message>
        <source>Invalid barcode {code}: the check digit is wrong (read as EAN-8 and as UPC-E). {again}</source>
        <translation>Ungültiger Barcode {code}: die Prüfziffer ist falsch (als EAN-8 und als UPC-E gelesen). {again}</translation>
    </message>
    <message>
        <source>Invalid barcode {code}: the check digit is wrong. {again}</source>
        <translation>Ungültiger Barcode {code}: die Prüfziffer ist falsch. {again}</translation>
    </message>
    <message>
        <source>Invalid {field} {code} in the GS1 barcode: the check digit is wrong. {again}</source>
        <translation>Ungültiges Feld {field} {code} im GS1-Barcode: die Prüfziffer ist falsch. {again}</translation>
    </message>
    <message>
        <source>It had left with {cage} on manifest {manifest}: tell {cage} not to deliver it.</source>
        <translation>Es hatte {cage} schon mit Manifest {manifest} verlassen: {cage} Bescheid geben, es nicht zuzustellen.</translation>
    </message>
    <message>
        <source>Label {tracking} has no open question.</source>
        <translation>Zum Etikett {tracking} ist keine Frage offen.</translation>
    </message>
    <message>
        <source>Label {tracking} is void: destroy it. Its tracking number and SSCC {sscc} will never be used again.</source>
        <translation>Etikett {tracking} ist storniert: vernichten. Seine Sendungsnummer und SSCC {sscc} werden nie wieder vergeben.</translation>
    </message>
    <message>
        <source>Label {tracking} is void: destroy it. Its tracking number will never be used again.</source>
        <translation>Etikett {tracking} ist storniert: vernichten. Seine Sendungsnummer wird nie wieder vergeben.</translation>
    </message>
    <message>
        <source>Label {tracking} printed.</source>
        <translation>Etikett {tracking} gedruckt.</translation>
    </message>
    <message>
        <source>Label {tracking} prints again.</source>
        <translation>Etikett {tracking} wird erneut gedruckt.</translation>
    </message>
    <message>
        <source>Label {tracking} was voided ({reason}).</source>
        <translation>Etikett {tracking} wurde storniert ({reason}).</translation>
    </message>
    <message>
        <source>Lot {lot} of {product} expired on {expiry}. Put it aside.</source>
        <translation>Charge {lot} von {product} ist am {expiry} abgelaufen. Beiseitelegen.</translation>
    </message>
    <message>
        <source>NOT A PRODUCT</source>
        <translation>KEIN ARTIKEL</translation>
    </message>
    <message>
        <source>NOT COUNTED: ACKNOWLEDGE FIRST</source>
        <translation>NICHT GEZÄHLT: ERST QUITTIEREN</translation>
    </message>
    <message>
        <source>No SSCC numbers left in the site&apos;s range. Nothing was labelled; ask an admin to add an SSCC range (packbench ranges add sscc).</source>
        <translation>Keine SSCC-Nummern mehr im Bereich des Standorts. Nichts wurde etikettiert; einen Admin bitten, einen SSCC-Bereich anzulegen (packbench ranges add sscc).</translation>
    </message>
    <message>
        <source>No box suggested: the size of {skus} is not known. Choose a box.</source>
        <translation>Kein Kartonvorschlag: die Größe von {skus} ist unbekannt. Karton wählen.</translation>
    </message>
    <message>
        <source>No box types are set up: choose any box.</source>
        <translation>Keine Kartontypen angelegt: beliebigen Karton wählen.</translation>
    </message>
    <message>
        <source>No interrupted label to answer.</source>
        <translation>Kein unterbrochenes Etikett zu beantworten.</translation>
    </message>
    <message>
        <source>No one box takes it all (too heavy for {box}): pack it in several parcels.</source>
        <translation>Kein Karton fasst alles (zu schwer für {box}): auf mehrere Pakete verteilen.</translation>
    </message>
    <message>
        <source>No one box takes it all (too large for {box}): pack it in several parcels.</source>
        <translation>Kein Karton fasst alles (zu groß für {box}): auf mehrere Pakete verteilen.</translation>
    </message>
    <message>
        <source>No open order to complete.</source>
        <translation>Kein offener Auftrag zum Abschließen.</translation>
    </message>
    <message>
        <source>No open order to hold.</source>
        <translation>Kein offener Auftrag zum Sperren.</translation>
    </message>
    <message>
        <source>No open order: nothing to undo.</source>
        <translation>Kein offener Auftrag: nichts rückgängig zu machen.</translation>
    </message>
    <message>
        <source>No order for {code}.</source>
        <translation>Kein Auftrag zu {code}.</translation>
    </message>
    <message>
        <source>No parcel found for {scanned}: scan the label, or type the order reference or tracking number.</source>
        <translation>Kein Paket gefunden für {scanned}: das Etikett scannen oder Auftragsnummer bzw. Sendungsnummer eintippen.</translation>
    </message>
    <message>
        <source>No refused weight to accept.</source>
        <translation>Kein abgelehntes Gewicht zum Annehmen.</translation>
    </message>
    <message>
        <source>No stable weight yet: put the parcel on the scale, wait for it to settle, then press again.</source>
        <translation>Noch kein stabiles Gewicht: Paket auf die Waage legen, warten bis sie ruhig ist, dann erneut drücken.</translation>
    </message>
    <message>
        <source>No station is called {station}.</source>
        <translation>Keine Station heißt {station}.</translation>
    </message>
    <message>
        <source>No tracking numbers left for carrier {carrier}. Nothing was labelled; ask an admin to add a tracking range (packbench ranges add).</source>
        <translation>Keine Sendungsnummern mehr für {carrier}. Nichts wurde etikettiert; einen Admin bitten, einen Nummernbereich anzulegen (packbench ranges add).</translation>
    </message>
    <message>
        <source>No users yet: an admin adds them with {command}.</source>
        <translation>Noch keine Benutzer: ein Admin legt sie an mit {command}.</translation>
    </message>
    <message>
        <source>Nothing left to pack: no box to suggest.</source>
        <translation>Nichts mehr zu packen: kein Kartonvorschlag.</translation>
    </message>
    <message>
        <source>Nothing to acknowledge.</source>
        <translation>Nichts zu quittieren.</translation>
    </message>
    <message>
        <source>Nothing to undo: no unit of this order has been scanned.</source>
        <translation>Nichts rückgängig zu machen: kein Stück dieses Auftrags wurde gescannt.</translation>
    </message>
    <message>
        <source>OVER-SCAN</source>
        <translation>ZU VIEL GESCANNT</translation>
    </message>
    <message>
        <source>Only a supervisor can accept a weight outside its range.</source>
        <translation>Nur eine Aufsicht kann ein Gewicht außerhalb des Bereichs annehmen.</translation>
    </message>
    <message>
        <source>Only a supervisor can accept a weight outside its range: a supervisor scans their badge, then presses Accept weight [{key}].</source>
        <translation>Nur eine Aufsicht kann ein Gewicht außerhalb des Bereichs annehmen: die Aufsicht scannt ihren Ausweis und drückt dann Gewicht annehmen [{key}].</translation>
    </message>
    <message>
        <source>Only a supervisor can change who may reprint labels.</source>
        <translation>Nur eine Aufsicht kann ändern, wer Etiketten nachdrucken darf.</translation>
    </message>
    <message>
        <source>Only a supervisor can move print jobs to another printer.</source>
        <translation>Nur eine Aufsicht kann Druckaufträge auf einen anderen Drucker verschieben.</translation>
    </message>
    <message>
        <source>Only a supervisor can move print jobs.</source>
        <translation>Nur eine Aufsicht kann Druckaufträge verschieben.</translation>
    </message>
    <message>
        <source>Only a supervisor can print a label again at this site.</source>
        <translation>An diesem Standort kann nur eine Aufsicht ein Etikett nachdrucken.</translation>
    </message>
    <message>
        <source>Only a supervisor can release an order.</source>
        <translation>Nur eine Aufsicht kann einen Auftrag freigeben.</translation>
    </message>
    <message>
        <source>Only a supervisor can unlock a user.</source>
        <translation>Nur eine Aufsicht kann einen Benutzer entsperren.</translation>
    </message>
    <message>
        <source>Only a supervisor can void a label.</source>
        <translation>Nur eine Aufsicht kann ein Etikett stornieren.</translation>
    </message>
    <message>
        <source>Only a supervisor or an admin can see or retire a station&apos;s reserved numbers.</source>
        <translation>Nur eine Aufsicht oder ein Admin kann die reservierten Nummern einer Station sehen oder stilllegen.</translation>
    </message>
    <message>
        <source>Only the scanner&apos;s symbology identifier {symbology} was read, no data. Scan again.</source>
        <translation>Nur die Symbologie-Kennung {symbology} des Scanners wurde gelesen, keine Daten. Erneut scannen.</translation>
    </message>
    <message>
        <source>Only the small add-on part of an EAN/UPC barcode was read. Scan the main barcode next to it.</source>
        <translation>Nur der kleine Zusatzteil eines EAN/UPC-Barcodes wurde gelesen. Den Hauptbarcode daneben scannen.</translation>
    </message>
    <message>
        <source>Order slip {code} is not known.</source>
        <translation>Auftragsschein {code} ist unbekannt.</translation>
    </message>
    <message>
        <source>Order {order} does not exist.</source>
        <translation>Auftrag {order} gibt es nicht.</translation>
    </message>
    <message>
        <source>Order {order} has {count} parcels: scan the label of the one you mean.</source>
        <translation>Auftrag {order} hat {count} Pakete: das Etikett des gemeinten Pakets scannen.</translation>
    </message>
    <message>
        <source>Order {order} was cancelled after packing: take the parcel off the cage and give it to a supervisor.</source>
        <translation>Auftrag {order} wurde nach dem Packen storniert: Paket aus dem Käfig nehmen und der Aufsicht geben.</translation>
    </message>
    <message>
        <source>Order {order} was put on hold after packing ({reason}): take the parcel off the cage and give it to a supervisor.</source>
        <translation>Auftrag {order} wurde nach dem Packen gesperrt ({reason}): Paket aus dem Käfig nehmen und der Aufsicht geben.</translation>
    </message>
    <message>
        <source>Order {order} was put on hold after packing: take the parcel off the cage and give it to a supervisor.</source>
        <translation>Auftrag {order} wurde nach dem Packen gesperrt: Paket aus dem Käfig nehmen und der Aufsicht geben.</translation>
    </message>
    <message>
        <source>Order {reference} is already packed and labelled.</source>
        <translation>Auftrag {reference} ist schon gepackt und etikettiert.</translation>
    </message>
    <message>
        <source>Order {reference} is already packed.</source>
        <translation>Auftrag {reference} ist schon gepackt.</translation>
    </message>
    <message>
        <source>Order {reference} is being packed at {where}.</source>
        <translation>Auftrag {reference} wird an {where} gepackt.</translation>
    </message>
    <message>
        <source>Order {reference} is not held by any station.</source>
        <translation>Auftrag {reference} ist an keiner Station.</translation>
    </message>
    <message>
        <source>Order {reference} is not open at this station ({status}).</source>
        <translation>Auftrag {reference} ist an dieser Station nicht offen ({status}).</translation>
    </message>
    <message>
        <source>Order {reference} is not picked yet.</source>
        <translation>Auftrag {reference} ist noch nicht kommissioniert.</translation>
    </message>
    <message>
        <source>Order {reference} is on hold.</source>
        <translation>Auftrag {reference} ist gesperrt.</translation>
    </message>
    <message>
        <source>Order {reference} is on hold: {reason}.</source>
        <translation>Auftrag {reference} ist gesperrt: {reason}.</translation>
    </message>
    <message>
        <source>Order {reference} was already delivered.</source>
        <translation>Auftrag {reference} wurde schon zugestellt.</translation>
    </message>
    <message>
        <source>Order {reference} was already handed to the carrier.</source>
        <translation>Auftrag {reference} wurde schon dem Versender übergeben.</translation>
    </message>
    <message>
        <source>Order {reference} was cancelled. Do not ship it.</source>
        <translation>Auftrag {reference} wurde storniert. Nicht versenden.</translation>
    </message>
    <message>
        <source>Order {reference} was just taken by another station.</source>
        <translation>Auftrag {reference} wurde gerade von einer anderen Station übernommen.</translation>
    </message>
    <message>
        <source>Order {reference} went on hold after the sync: it was cancelled upstream. Give its parcel to the supervisor.</source>
        <translation>Auftrag {reference} wurde nach dem Abgleich gesperrt: er wurde im Shop storniert. Paket der Aufsicht geben.</translation>
    </message>
    <message>
        <source>Order {reference} went on hold after the sync: {reason} Give its parcel to the supervisor.</source>
        <translation>Auftrag {reference} wurde nach dem Abgleich gesperrt: {reason} Paket der Aufsicht geben.</translation>
    </message>
    <message>
        <source>PIN required for {name}: type it and press Enter.</source>
        <translation>PIN für {name} nötig: eingeben und Enter drücken.</translation>
    </message>
    <message>
        <source>Parcel {number} is empty: scan its units first.</source>
        <translation>Paket {number} ist leer: zuerst seine Einheiten scannen.</translation>
    </message>
    <message>
        <source>Parcel {parcel} goes in box {box}.</source>
        <translation>Paket {parcel} kommt in Karton {box}.</translation>
    </message>
    <message>
        <source>Parcel {parcel} goes in box {box}. (Suggested: {suggested}.)</source>
        <translation>Paket {parcel} kommt in Karton {box}. (Vorschlag: {suggested}.)</translation>
    </message>
    <message>
        <source>Parcel {parcel} goes in box {box}. (Suggested: {suggested}.) Too heavy for it: {weight}, at most {most}.</source>
        <translation>Paket {parcel} kommt in Karton {box}. (Vorschlag: {suggested}.) Zu schwer dafür: {weight}, höchstens {most}.</translation>
    </message>
    <message>
        <source>Parcel {parcel} goes in box {box}. Too heavy for it: {weight}, at most {most}.</source>
        <translation>Paket {parcel} kommt in Karton {box}. Zu schwer dafür: {weight}, höchstens {most}.</translation>
    </message>
    <message>
        <source>Parcel {parcel}: no box scanned yet.</source>
        <translation>Paket {parcel}: noch kein Karton gescannt.</translation>
    </message>
    <message>
        <source>Parcel {tracking} is LOADED on the {cage} cage (manifest {manifest}, pick-up {pickup}). Take it off the cage, then void it again to confirm.</source>
        <translation>Paket {tracking} ist in den {cage}-Käfig VERLADEN (Manifest {manifest}, Abholung {pickup}). Nehmen Sie es aus dem Käfig und stornieren Sie dann erneut zur Bestätigung.</translation>
    </message>
    <message>
        <source>Parcel {tracking} was loaded and left with {cage} on manifest {manifest} (closed {closed}). Voiding its label does not bring it back: tell {cage}, then void it again to confirm.</source>
        <translation>Paket {tracking} wurde verladen und ist mit {cage} auf Manifest {manifest} abgefahren (geschlossen {closed}). Das Stornieren holt es nicht zurück: {cage} Bescheid geben, dann zur Bestätigung erneut stornieren.</translation>
    </message>
    <message>
        <source>Print job {job} does not exist.</source>
        <translation>Druckauftrag {job} gibt es nicht.</translation>
    </message>
    <message>
        <source>Print job {job} is {state}: not sent again.</source>
        <translation>Druckauftrag {job} ist im Zustand {state}: nicht erneut gesendet.</translation>
    </message>
    <message>
        <source>Printer {printer} {state}.</source>
        <translation>Drucker {printer} {state}.</translation>
    </message>
    <message>
        <source>Printer {printer}: {problem}</source>
        <translation>Drucker {printer}: {problem}</translation>
    </message>
    <message>
        <source>RAM error</source>
        <translation>RAM-Fehler</translation>
    </message>
    <message>
        <source>ROM error</source>
        <translation>ROM-Fehler</translation>
    </message>
    <message>
        <source>Read the packing notes first, then scan ACKNOWLEDGE or press [F7].</source>
        <translation>Erst die Packhinweise lesen, dann ACKNOWLEDGE scannen oder [F7] drücken.</translation>
    </message>
    <message>
        <source>Release cancelled: scan the slip or tote of the order to release.</source>
        <translation>Freigabe abgebrochen: Schein oder Behälter des freizugebenden Auftrags scannen.</translation>
    </message>
    <message>
        <source>SERIAL ALREADY PACKED</source>
        <translation>SERIENNUMMER SCHON GEPACKT</translation>
    </message>
    <message>
        <source>SERIAL NOT THIS ORDER&apos;S</source>
        <translation>SERIENNR. NICHT IM AUFTRAG</translation>
    </message>
    <message>
        <source>Scan again; if it keeps failing, the label is misprinted.</source>
        <translation>Erneut scannen; klappt es weiterhin nicht, ist das Etikett fehlerhaft gedruckt.</translation>
    </message>
    <message>
        <source>Scan an order slip or a tote to start an order.</source>
        <translation>Auftragsschein oder Behälter scannen, um einen Auftrag zu beginnen.</translation>
    </message>
    <message>
        <source>Scan contains control characters ({controls}) that no barcode here carries. Check the scanner&apos;s prefix/suffix settings and scan again.</source>
        <translation>Der Scan enthält Steuerzeichen ({controls}), die hier kein Barcode trägt. Präfix/Suffix des Scanners prüfen und erneut scannen.</translation>
    </message>
    <message>
        <source>Scan contains unreadable characters; the scanner may be set to the wrong keyboard layout or interface. Check the scanner and scan again.</source>
        <translation>Der Scan enthält unlesbare Zeichen; der Scanner hat vielleicht das falsche Tastaturlayout oder die falsche Schnittstelle. Scanner prüfen und erneut scannen.</translation>
    </message>
    <message>
        <source>Scan the lot number and serial number of {product}.</source>
        <translation>Chargen- und Seriennummer von {product} scannen.</translation>
    </message>
    <message>
        <source>Scan the lot number of {product}.</source>
        <translation>Chargennummer von {product} scannen.</translation>
    </message>
    <message>
        <source>Scan the order slip or tote of the order to release.</source>
        <translation>Auftragsschein oder Behälter des freizugebenden Auftrags scannen.</translation>
    </message>
    <message>
        <source>Scan the serial number of each unit of {product}.</source>
        <translation>Die Seriennummer jedes Stücks von {product} scannen.</translation>
    </message>
    <message>
        <source>Scan the serial number of {product}.</source>
        <translation>Seriennummer von {product} scannen.</translation>
    </message>
    <message>
        <source>Scan too long ({length} characters, at most {most}). Scan one barcode at a time.</source>
        <translation>Scan zu lang ({length} Zeichen, höchstens {most}). Immer nur einen Barcode scannen.</translation>
    </message>
    <message>
        <source>Scan your badge first.</source>
        <translation>Erst den Ausweis scannen.</translation>
    </message>
    <message>
        <source>Serial {serial} of {product} is not one of this order&apos;s. Put this unit aside and scan the serial number of another unit of {product}.</source>
        <translation>Seriennummer {serial} von {product} gehört nicht zu diesem Auftrag. Stück beiseitelegen und die Seriennummer eines anderen Stücks von {product} scannen.</translation>
    </message>
    <message>
        <source>Serial {serial} of {product} is not one of this order&apos;s. Put this unit aside.</source>
        <translation>Seriennummer {serial} von {product} gehört nicht zu diesem Auftrag. Stück beiseitelegen.</translation>
    </message>
    <message>
        <source>Serial {serial} of {product} was already packed. Put this unit aside and scan the serial number of another unit of {product}.</source>
        <translation>Seriennummer {serial} von {product} wurde schon gepackt. Stück beiseitelegen und die Seriennummer eines anderen Stücks von {product} scannen.</translation>
    </message>
    <message>
        <source>Serial {serial} of {product} was already packed. Scan another unit.</source>
        <translation>Seriennummer {serial} von {product} wurde schon gepackt. Ein anderes Stück scannen.</translation>
    </message>
    <message>
        <source>Serials still to scan: {serials}</source>
        <translation>Noch zu scannende Seriennummern: {serials}</translation>
    </message>
    <message>
        <source>Simulated scale</source>
        <translation>Simulierte Waage</translation>
    </message>
    <message>
        <source>No reserved numbers of {station} are still live.</source>
        <translation>Keine reservierten Nummern von {station} sind noch gültig.</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>Fr</translation>
    </message>
    <message>
        <source>Loading {cage}: pick-up {when}</source>
        <translation>Verladen {cage}: Abholung {when}</translation>
    </message>
    <message>
        <source>Manifest {id} closed at {closed}: its {name} pick-up has gone. Scan the open manifest or a parcel.</source>
        <translation>Manifest {id} abgeschlossen am {closed}: die Abholung durch {name} ist weg. Das offene Manifest oder ein Paket scannen.</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>Mo</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>Sa</translation>
    </message>
    <message>
        <source>Box {box} is not a box type of this site (no longer used). Scan another box&apos;s barcode.</source>
        <translation>Karton {box} ist kein Kartontyp dieses Standorts (nicht mehr verwendet). Den Barcode eines anderen Kartons scannen.</translation>
    </message>
    <message>
        <source>Box {box} is not a box type of this site. Scan another box&apos;s barcode.</source>
        <translation>Karton {box} ist kein Kartontyp dieses Standorts. Den Barcode eines anderen Kartons scannen.</translation>
    </message>
    <message>
        <source>CUPS queue {queue} (raw)</source>
        <translation>CUPS-Warteschlange {queue} (roh)</translation>
    </message>
    <message>
        <source>Code too long ({length} characters; a code here has at most {most}). Scan one barcode at a time.</source>
        <translation>Code zu lang ({length} Zeichen; ein Code hat hier höchstens {most}). Immer nur einen Barcode scannen.</translation>
    </message>
    <message>
        <source>No user has the badge {badge}.</source>
        <translation>Kein Benutzer hat den Ausweis {badge}.</translation>
    </message>
    <message>
        <source>Only a supervisor can release an order held by a station.</source>
        <translation>Nur eine Aufsicht kann einen von einer Station gehaltenen Auftrag freigeben.</translation>
    </message>
    <message>
        <source>No running station prints to {printer}: labels moved there would never print. Choose a printer of a station that is online or printed lately.</source>
        <translation>Keine laufende Station druckt auf {printer}: dorthin verschobene Etiketten würden nie gedruckt. Wählen Sie einen Drucker einer Station, die online ist oder zuletzt gedruckt hat.</translation>
    </message>
    <message>
        <source>Suggested box: {box}, {share}% full.</source>
        <translation>Kartonvorschlag: {box}, zu {share} % gefüllt.</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>So</translation>
    </message>
    <message>
        <source>Supervisor: {note}</source>
        <translation>Schichtleitung: {note}</translation>
    </message>
    <message>
        <source>TYPED CODE NOT ACCEPTED</source>
        <translation>GETIPPTER CODE NICHT ANGENOMMEN</translation>
    </message>
    <message>
        <source>Take parcel {tracking} off the {cage} cage (manifest {manifest}) and scan it at the dock: it must not ship.</source>
        <translation>Paket {tracking} aus dem {cage}-Käfig nehmen (Manifest {manifest}) und an der Rampe scannen: es darf nicht versendet werden.</translation>
    </message>
    <message>
        <source>That command barcode is not one this station knows.</source>
        <translation>Diesen Befehlsbarcode kennt diese Station nicht.</translation>
    </message>
    <message>
        <source>That command is not used at the dock: scan a parcel label.</source>
        <translation>Dieser Befehl gilt nicht an der Rampe: ein Paketetikett scannen.</translation>
    </message>
    <message>
        <source>That is a badge, not a parcel label.</source>
        <translation>Das ist ein Ausweis, kein Paketetikett.</translation>
    </message>
    <message>
        <source>That is a box&apos;s barcode, not a parcel label.</source>
        <translation>Das ist der Barcode eines Kartons, kein Paketetikett.</translation>
    </message>
    <message>
        <source>That is a product&apos;s barcode, not a parcel label.</source>
        <translation>Das ist der Barcode eines Artikels, kein Paketetikett.</translation>
    </message>
    <message>
        <source>That is a reason for printing a label again: press Print again [F10] first, then scan it.</source>
        <translation>Das ist ein Grund für einen Nachdruck: erst Nachdrucken [F10] drücken, dann scannen.</translation>
    </message>
    <message>
        <source>That is a tote&apos;s barcode, not a parcel label.</source>
        <translation>Das ist der Barcode einer Kiste, kein Paketetikett.</translation>
    </message>
    <message>
        <source>That is an order slip, not a parcel label.</source>
        <translation>Das ist ein Auftragsschein, kein Paketetikett.</translation>
    </message>
    <message>
        <source>That is not a badge. Scan your badge to sign in.</source>
        <translation>Das ist kein Ausweis. Zum Anmelden den Ausweis scannen.</translation>
    </message>
    <message>
        <source>That is not a box barcode.</source>
        <translation>Das ist kein Karton-Barcode.</translation>
    </message>
    <message>
        <source>That is {what} ({code}), not a lot or serial number.</source>
        <translation>Das ist {what} ({code}), keine Chargen- oder Seriennummer.</translation>
    </message>
    <message>
        <source>That is {what} ({code}), not a product.</source>
        <translation>Das ist {what} ({code}), kein Artikel.</translation>
    </message>
    <message>
        <source>That is {what} ({code}), not a product. Finish order {reference} or hold it first.</source>
        <translation>Das ist {what} ({code}), kein Artikel. Erst Auftrag {reference} abschließen oder sperren.</translation>
    </message>
    <message>
        <source>The code {code} contains a GS1 separator (GS) but was not read as a GS1 barcode. {again}</source>
        <translation>Der Code {code} enthält ein GS1-Trennzeichen (GS), wurde aber nicht als GS1-Barcode gelesen. {again}</translation>
    </message>
    <message>
        <source>The code {code} contains a GS1 separator (GS), which an internal code never does. {again}</source>
        <translation>Der Code {code} enthält ein GS1-Trennzeichen (GS), das ein interner Code nie hat. {again}</translation>
    </message>
    <message>
        <source>The database cannot be reached and this station has no tracking numbers kept for this carrier: complete the order when the database is back. Its scans are kept; hold it or wait.</source>
        <translation>Die Datenbank ist nicht erreichbar, und diese Station hat keine Sendungsnummern für diesen Versender bereitgehalten: den Auftrag abschließen, sobald die Datenbank wieder da ist. Seine Scans bleiben erhalten; sperren oder warten.</translation>
    </message>
    <message>
        <source>The database cannot be reached, and this badge has not signed in at this station before: offline, only those who have can sign in. Wait for the database or use another station.</source>
        <translation>Die Datenbank ist nicht erreichbar, und dieser Ausweis war an dieser Station noch nie angemeldet: offline können sich nur die anmelden, die es schon waren. Auf die Datenbank warten oder eine andere Station nehmen.</translation>
    </message>
    <message>
        <source>The database cannot be reached, and this order is not kept at this station: wait for the database, or hold the order on paper.</source>
        <translation>Die Datenbank ist nicht erreichbar, und dieser Auftrag ist an dieser Station nicht bereitgehalten: auf die Datenbank warten oder den Auftrag auf Papier sperren.</translation>
    </message>
    <message>
        <source>The database cannot be reached. Nothing was saved; scan again when it is back.</source>
        <translation>Die Datenbank ist nicht erreichbar. Nichts wurde gespeichert; erneut scannen, sobald sie wieder da ist.</translation>
    </message>
    <message>
        <source>The database cannot be reached: a label is printed again or voided only when it is back, so that the shared record of labels holds every copy and every void. Hold the order or put the parcel aside, and do it then.</source>
        <translation>Die Datenbank ist nicht erreichbar: ein Etikett wird erst wieder nachgedruckt oder storniert, wenn sie wieder da ist, damit der gemeinsame Etikettenbestand jede Kopie und jede Stornierung enthält. Den Auftrag sperren oder das Paket beiseitelegen und es dann tun.</translation>
    </message>
    <message>
        <source>The database cannot be reached: finish this order; new orders when the database is back.</source>
        <translation>Die Datenbank ist nicht erreichbar: diesen Auftrag fertig packen; neue Aufträge, sobald die Datenbank wieder da ist.</translation>
    </message>
    <message>
        <source>The database cannot be reached: finish this order; the orders kept at this station for this are packed or not this one; other orders when the database is back.</source>
        <translation>Die Datenbank ist nicht erreichbar: diesen Auftrag fertig packen; die dafür an dieser Station bereitgehaltenen Aufträge sind gepackt oder es ist nicht dieser; andere Aufträge, sobald die Datenbank wieder da ist.</translation>
    </message>
    <message>
        <source>The label {tracking} is already void ({reason}).</source>
        <translation>Das Etikett {tracking} ist schon storniert ({reason}).</translation>
    </message>
    <message>
        <source>The label {tracking} was never queued for a printer: print it again from a station.</source>
        <translation>Das Etikett {tracking} war nie für einen Drucker eingereiht: an einer Station erneut drucken.</translation>
    </message>
    <message>
        <source>The label {tracking} was voided ({reason}): it is never printed again.</source>
        <translation>Das Etikett {tracking} wurde storniert ({reason}): es wird nie wieder gedruckt.</translation>
    </message>
    <message>
        <source>The reason has characters that cannot be stored: type it again.</source>
        <translation>Der Grund enthält Zeichen, die nicht gespeichert werden können: erneut eintippen.</translation>
    </message>
    <message>
        <source>The reason is too long: at most {most} characters.</source>
        <translation>Der Grund ist zu lang: höchstens {most} Zeichen.</translation>
    </message>
    <message>
        <source>The {theirs} manifest is closed: scan the next one.</source>
        <translation>Das Manifest von {theirs} ist abgeschlossen: das nächste scannen.</translation>
    </message>
    <message>
        <source>There is no manifest {id}.</source>
        <translation>Es gibt kein Manifest {id}.</translation>
    </message>
    <message>
        <source>The {what} contains characters that cannot be stored ({names}).</source>
        <translation>{what} enthält Zeichen, die nicht gespeichert werden können ({names}).</translation>
    </message>
    <message>
        <source>The {what} is empty.</source>
        <translation>{what} fehlt.</translation>
    </message>
    <message>
        <source>The {what} is {length} characters long; at most {most} are allowed.</source>
        <translation>{what} ist {length} Zeichen lang; höchstens {most} sind erlaubt.</translation>
    </message>
    <message>
        <source>This barcode counts {units} units of {product}, only {remaining} still needed.</source>
        <translation>Dieser Barcode zählt {units} Stück {product}, nur {remaining} fehlen noch.</translation>
    </message>
    <message>
        <source>This code could not be interpreted. Scan again; if it keeps happening, show the barcode to a supervisor.</source>
        <translation>Dieser Code konnte nicht gedeutet werden. Erneut scannen; passiert es wieder, den Barcode der Aufsicht zeigen.</translation>
    </message>
    <message>
        <source>This label was interrupted while printing and is never sent again by itself. {question}</source>
        <translation>Dieses Etikett wurde beim Drucken unterbrochen und wird nie von selbst erneut gesendet. {question}</translation>
    </message>
    <message>
        <source>This order is still open. Complete or hold it first.</source>
        <translation>Dieser Auftrag ist noch offen. Erst abschließen oder sperren.</translation>
    </message>
    <message>
        <source>This scan could not be stored. Scan it again.</source>
        <translation>Dieser Scan konnte nicht gespeichert werden. Erneut scannen.</translation>
    </message>
    <message>
        <source>This station is not set up for return labels ([returns]).</source>
        <translation>Diese Station ist nicht für Retourenetiketten eingerichtet ([returns]).</translation>
    </message>
    <message>
        <source>This station is still packing order {reference}. Complete it or hold it first.</source>
        <translation>Diese Station packt noch Auftrag {reference}. Erst abschließen oder sperren.</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>Do</translation>
    </message>
    <message>
        <source>Tote {code} has no order in it.</source>
        <translation>In Behälter {code} ist kein Auftrag.</translation>
    </message>
    <message>
        <source>Tote {code} is not known.</source>
        <translation>Behälter {code} ist unbekannt.</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>Di</translation>
    </message>
    <message>
        <source>Typed codes do not count for units at this site: scan the unit&apos;s barcode. If it will not scan, put the order on hold [F9].</source>
        <translation>Getippte Codes zählen an diesem Standort nicht: den Barcode des Stücks scannen. Lässt er sich nicht scannen, den Auftrag sperren [F9].</translation>
    </message>
    <message>
        <source>UNKNOWN BARCODE</source>
        <translation>UNBEKANNTER BARCODE</translation>
    </message>
    <message>
        <source>UPC-E barcode {code} is not valid. {again}</source>
        <translation>UPC-E-Barcode {code} ist ungültig. {again}</translation>
    </message>
    <message>
        <source>Undone: {kit}: {part} is back to {scanned} of {expected}.</source>
        <translation>Rückgängig: {kit}: {part} wieder bei {scanned} von {expected}.</translation>
    </message>
    <message>
        <source>Undone: {product} is back to {verified} of {quantity}.</source>
        <translation>Rückgängig: {product} wieder bei {verified} von {quantity}.</translation>
    </message>
    <message>
        <source>Unknown barcode {code}: no product has it.</source>
        <translation>Unbekannter Barcode {code}: kein Artikel hat ihn.</translation>
    </message>
    <message>
        <source>WRONG ITEM</source>
        <translation>FALSCHER ARTIKEL</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>Mi</translation>
    </message>
    <message>
        <source>Windows printer {name} (raw)</source>
        <translation>Windows-Drucker {name} (roh)</translation>
    </message>
    <message>
        <source>Wrong PIN. 1 try left.</source>
        <translation>Falsche PIN. Noch 1 Versuch.</translation>
    </message>
    <message>
        <source>Wrong PIN. {left} tries left.</source>
        <translation>Falsche PIN. Noch {left} Versuche.</translation>
    </message>
    <message>
        <source>Wrong PIN. {name} is locked for {minutes} minutes after {attempts} wrong PINs; a supervisor can unlock.</source>
        <translation>Falsche PIN. {name} ist nach {attempts} falschen PINs für {minutes} Minuten gesperrt; eine Aufsicht kann entsperren.</translation>
    </message>
    <message>
        <source>a badge</source>
        <translation>ein Ausweis</translation>
    </message>
    <message>
        <source>a box</source>
        <translation>ein Karton</translation>
    </message>
    <message>
        <source>a command</source>
        <translation>ein Befehl</translation>
    </message>
    <message>
        <source>a sscc</source>
        <translation>eine SSCC</translation>
    </message>
    <message>
        <source>a tote</source>
        <translation>ein Behälter</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>after the job the printer reports {detail} (status {state}); {check}</source>
        <translation>nach dem Auftrag meldet der Drucker {detail} (Status {state}); {check}</translation>
    </message>
    <message>
        <source>after the {field}</source>
        <translation>nach dem Feld {field}</translation>
    </message>
    <message>
        <source>an order slip</source>
        <translation>ein Auftragsschein</translation>
    </message>
    <message>
        <source>an unknown time</source>
        <translation>unbekannter Zeit</translation>
    </message>
    <message>
        <source>another station</source>
        <translation>einer anderen Station</translation>
    </message>
    <message>
        <source>at the start</source>
        <translation>am Anfang</translation>
    </message>
    <message>
        <source>badge</source>
        <translation>Ausweis</translation>
    </message>
    <message>
        <source>below zero ({grams} g): zero the scale</source>
        <translation>unter null ({grams} g): Waage nullstellen</translation>
    </message>
    <message>
        <source>best-before date</source>
        <translation>Mindesthaltbarkeitsdatum</translation>
    </message>
    <message>
        <source>box</source>
        <translation>Karton</translation>
    </message>
    <message>
        <source>cage {carrier}</source>
        <translation>den Käfig {carrier}</translation>
    </message>
    <message>
        <source>calibration fault</source>
        <translation>Kalibrierfehler</translation>
    </message>
    <message>
        <source>cannot create the folder: {error}</source>
        <translation>Ordner kann nicht angelegt werden: {error}</translation>
    </message>
    <message>
        <source>cannot open the port: {problem}</source>
        <translation>Port kann nicht geöffnet werden: {problem}</translation>
    </message>
    <message>
        <source>cannot write {file}: {error}</source>
        <translation>{file} kann nicht geschrieben werden: {error}</translation>
    </message>
    <message>
        <source>check whether the label came out before printing it again</source>
        <translation>prüfen, ob das Etikett herausgekommen ist, bevor es erneut gedruckt wird</translation>
    </message>
    <message>
        <source>command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>configuration lost (corrupt RAM)</source>
        <translation>Konfiguration verloren (RAM beschädigt)</translation>
    </message>
    <message>
        <source>consumer product variant</source>
        <translation>Produktvariante</translation>
    </message>
    <message>
        <source>could not write the preview to {folder}: {error}</source>
        <translation>die Vorschau konnte nicht nach {folder} geschrieben werden: {error}</translation>
    </message>
    <message>
        <source>count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>cover open</source>
        <translation>Abdeckung offen</translation>
    </message>
    <message>
        <source>data needed</source>
        <translation>Daten nötig</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>getrennt</translation>
    </message>
    <message>
        <source>due date</source>
        <translation>Fälligkeitsdatum</translation>
    </message>
    <message>
        <source>duplicate serial</source>
        <translation>doppelte Seriennummer</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>expiry</source>
        <translation>Verfallsdatum</translation>
    </message>
    <message>
        <source>expiry date</source>
        <translation>Verfallsdatum</translation>
    </message>
    <message>
        <source>field {ai} ({title})</source>
        <translation>Feld {ai} ({title})</translation>
    </message>
    <message>
        <source>folder {path}</source>
        <translation>Ordner {path}</translation>
    </message>
    <message>
        <source>has its cover open</source>
        <translation>hat die Abdeckung offen</translation>
    </message>
    <message>
        <source>hold reason</source>
        <translation>Der Grund für das Sperren</translation>
    </message>
    <message>
        <source>initial zero error: empty the platter and restart the scale</source>
        <translation>Fehler beim Einschalt-Nullpunkt: Wiegeplatte leeren und Waage neu starten</translation>
    </message>
    <message>
        <source>invalid barcode</source>
        <translation>ungültiger Barcode</translation>
    </message>
    <message>
        <source>is not answering</source>
        <translation>antwortet nicht</translation>
    </message>
    <message>
        <source>is offline</source>
        <translation>ist offline</translation>
    </message>
    <message>
        <source>is out of paper</source>
        <translation>hat kein Papier mehr</translation>
    </message>
    <message>
        <source>is ready</source>
        <translation>ist bereit</translation>
    </message>
    <message>
        <source>it {state}; nothing was sent</source>
        <translation>er {state}; nichts wurde gesendet</translation>
    </message>
    <message>
        <source>labels carry the demo&apos;s return address ({sender}): set [sender] in the station&apos;s config file</source>
        <translation>Etiketten tragen die Absenderadresse der Demo ({sender}): [sender] in der Konfigurationsdatei der Station setzen</translation>
    </message>
    <message>
        <source>logical error (EL): the scale cannot do that now</source>
        <translation>logischer Fehler (EL): die Waage kann das gerade nicht</translation>
    </message>
    <message>
        <source>logistic unit (SSCC)</source>
        <translation>Versandeinheit (SSCC)</translation>
    </message>
    <message>
        <source>lot</source>
        <translation>Charge</translation>
    </message>
    <message>
        <source>lot number</source>
        <translation>Chargennummer</translation>
    </message>
    <message>
        <source>moving</source>
        <translation>in Bewegung</translation>
    </message>
    <message>
        <source>moving ({grams} g)</source>
        <translation>in Bewegung ({grams} g)</translation>
    </message>
    <message>
        <source>needs calibration</source>
        <translation>muss kalibriert werden</translation>
    </message>
    <message>
        <source>needs re-zeroing</source>
        <translation>muss neu genullt werden</translation>
    </message>
    <message>
        <source>network {address}</source>
        <translation>Netzwerk {address}</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>keine Antwort</translation>
    </message>
    <message>
        <source>no reply to the status request (DLE EOT 1) within {seconds} s</source>
        <translation>keine Antwort auf die Statusabfrage (DLE EOT 1) innerhalb von {seconds} s</translation>
    </message>
    <message>
        <source>no reply to {protocol} requests at {settings}: check the protocol, the speed and the power</source>
        <translation>keine Antwort auf {protocol}-Anfragen bei {settings}: Protokoll, Geschwindigkeit und Stromversorgung prüfen</translation>
    </message>
    <message>
        <source>no reply to ~HS within {seconds} s (Zebra printers stay silent while the media or ribbon is out or the head is open)</source>
        <translation>keine Antwort auf ~HS innerhalb von {seconds} s (Zebra-Drucker schweigen, solange Material oder Farbband fehlt oder der Kopf offen ist)</translation>
    </message>
    <message>
        <source>no status before the job, nothing was sent: {detail}</source>
        <translation>kein Status vor dem Auftrag, nichts wurde gesendet: {detail}</translation>
    </message>
    <message>
        <source>not an item</source>
        <translation>kein Artikel</translation>
    </message>
    <message>
        <source>nothing received at {settings}: check the speed and that the scale sends continuously</source>
        <translation>nichts empfangen bei {settings}: Geschwindigkeit prüfen und ob die Waage fortlaufend sendet</translation>
    </message>
    <message>
        <source>nothing was sent</source>
        <translation>nichts wurde gesendet</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>offline: paper is being fed with the feed button</source>
        <translation>offline: Papier wird mit der Vorschubtaste vorgeschoben</translation>
    </message>
    <message>
        <source>online, but no reply about the paper (DLE EOT 4)</source>
        <translation>online, aber keine Antwort zum Papier (DLE EOT 4)</translation>
    </message>
    <message>
        <source>order slip</source>
        <translation>Auftragsschein</translation>
    </message>
    <message>
        <source>over capacity: take the parcel off</source>
        <translation>überlastet: Paket herunternehmen</translation>
    </message>
    <message>
        <source>over scan</source>
        <translation>zu viel gescannt</translation>
    </message>
    <message>
        <source>overload</source>
        <translation>Überlast</translation>
    </message>
    <message>
        <source>packaging date</source>
        <translation>Verpackungsdatum</translation>
    </message>
    <message>
        <source>paper (media) out</source>
        <translation>Papier (Material) leer</translation>
    </message>
    <message>
        <source>paper out</source>
        <translation>Papier leer</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>print head open</source>
        <translation>Druckkopf offen</translation>
    </message>
    <message>
        <source>print head too cold</source>
        <translation>Druckkopf zu kalt</translation>
    </message>
    <message>
        <source>print head too hot</source>
        <translation>Druckkopf zu heiß</translation>
    </message>
    <message>
        <source>printer error (cutter jam, overheating or similar)</source>
        <translation>Druckerfehler (Messer klemmt, Überhitzung o. Ä.)</translation>
    </message>
    <message>
        <source>printing stopped: paper end</source>
        <translation>Druck angehalten: Papierende</translation>
    </message>
    <message>
        <source>printing the label again</source>
        <translation>den Nachdruck des Etiketts</translation>
    </message>
    <message>
        <source>product</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>production date</source>
        <translation>Herstellungsdatum</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <source>ready, paper near its end</source>
        <translation>bereit, Papier fast zu Ende</translation>
    </message>
    <message>
        <source>reason for accepting the weight</source>
        <translation>Der Grund für das Annehmen des Gewichts</translation>
    </message>
    <message>
        <source>reason for releasing the order</source>
        <translation>Der Grund für die Freigabe des Auftrags</translation>
    </message>
    <message>
        <source>refused keyed</source>
        <translation>getippt abgelehnt</translation>
    </message>
    <message>
        <source>refused unacknowledged</source>
        <translation>abgelehnt, nicht quittiert</translation>
    </message>
    <message>
        <source>reports an error</source>
        <translation>meldet einen Fehler</translation>
    </message>
    <message>
        <source>ribbon out</source>
        <translation>Farbband leer</translation>
    </message>
    <message>
        <source>scale fault</source>
        <translation>Waagenfehler</translation>
    </message>
    <message>
        <source>sell-by date</source>
        <translation>Verkaufsdatum</translation>
    </message>
    <message>
        <source>serial number</source>
        <translation>Seriennummer</translation>
    </message>
    <message>
        <source>serial {port} at {baudrate} baud</source>
        <translation>seriell {port} mit {baudrate} Baud</translation>
    </message>
    <message>
        <source>simulated</source>
        <translation>simuliert</translation>
    </message>
    <message>
        <source>stable</source>
        <translation>stabil</translation>
    </message>
    <message>
        <source>status before the job: {problem}, nothing was sent</source>
        <translation>Status vor dem Auftrag: {problem}, nichts wurde gesendet</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>tare error</source>
        <translation>Tarafehler</translation>
    </message>
    <message>
        <source>the folder {path} is not writable</source>
        <translation>der Ordner {path} ist nicht beschreibbar</translation>
    </message>
    <message>
        <source>the folder {path} will be created</source>
        <translation>der Ordner {path} wird angelegt</translation>
    </message>
    <message>
        <source>the job was sent but the printer did not confirm it ({detail}); {check}</source>
        <translation>der Auftrag wurde gesendet, aber der Drucker hat ihn nicht bestätigt ({detail}); {check}</translation>
    </message>
    <message>
        <source>the scale did not understand W</source>
        <translation>die Waage hat W nicht verstanden</translation>
    </message>
    <message>
        <source>the scale did not understand the command (ES)</source>
        <translation>die Waage hat den Befehl nicht verstanden (ES)</translation>
    </message>
    <message>
        <source>the scale is busy (S I): try again</source>
        <translation>die Waage ist beschäftigt (S I): erneut versuchen</translation>
    </message>
    <message>
        <source>the {format} label bought upstream cannot be read ({error}).</source>
        <translation>das vorab gekaufte {format}-Etikett kann nicht gelesen werden ({error}).</translation>
    </message>
    <message>
        <source>timed out: the printer did not take the job within {seconds} s (busy, out of paper, or handshake lines holding the data back); {tail}</source>
        <translation>Zeitüberschreitung: der Drucker hat den Auftrag nicht innerhalb von {seconds} s angenommen (beschäftigt, kein Papier, oder Handshake-Leitungen halten die Daten zurück); {tail}</translation>
    </message>
    <message>
        <source>timed out: the printer did not take the job within {seconds} s ({handed} of {size} bytes sent); {tail}</source>
        <translation>Zeitüberschreitung: der Drucker hat den Auftrag nicht innerhalb von {seconds} s angenommen ({handed} von {size} Bytes gesendet); {tail}</translation>
    </message>
    <message>
        <source>timed out: the printer did not take the job within {seconds} s; {tail}</source>
        <translation>Zeitüberschreitung: der Drucker hat den Auftrag nicht innerhalb von {seconds} s angenommen; {tail}</translation>
    </message>
    <message>
        <source>timed out: {waiting} of {size} bytes still waiting to go out after {seconds} s (handshake lines holding the data back?); {tail}</source>
        <translation>Zeitüberschreitung: {waiting} von {size} Bytes warten nach {seconds} s noch auf das Senden (halten Handshake-Leitungen die Daten zurück?); {tail}</translation>
    </message>
    <message>
        <source>tote</source>
        <translation>Behälter</translation>
    </message>
    <message>
        <source>transmission error (ET): check baud rate and parity</source>
        <translation>Übertragungsfehler (ET): Baudrate und Parität prüfen</translation>
    </message>
    <message>
        <source>under zero: zero the scale</source>
        <translation>unter null: Waage nullstellen</translation>
    </message>
    <message>
        <source>underload</source>
        <translation>Unterlast</translation>
    </message>
    <message>
        <source>undo</source>
        <translation>rückgängig</translation>
    </message>
    <message>
        <source>unexpected serial</source>
        <translation>unerwartete Seriennummer</translation>
    </message>
    <message>
        <source>unknown barcode</source>
        <translation>unbekannter Barcode</translation>
    </message>
    <message>
        <source>unknown status {status}</source>
        <translation>unbekannter Status {status}</translation>
    </message>
    <message>
        <source>unknown unit code {code}</source>
        <translation>unbekannter Einheitencode {code}</translation>
    </message>
    <message>
        <source>voiding the label</source>
        <translation>das Stornieren des Etiketts</translation>
    </message>
    <message>
        <source>weight refused</source>
        <translation>Gewicht abgelehnt</translation>
    </message>
    <message>
        <source>writable folder</source>
        <translation>beschreibbarer Ordner</translation>
    </message>
    <message>
        <source>wrong item</source>
        <translation>falscher Artikel</translation>
    </message>
    <message>
        <source>zero error: empty the platter and zero the scale</source>
        <translation>Nullpunktfehler: Wiegeplatte leeren und Waage nullstellen</translation>
    </message>
    <message>
        <source>zero error: zero the scale</source>
        <translation>Nullpunktfehler: Waage nullstellen</translation>
    </message>
    <message>
        <source>{cage} is no cage of this site: no such carrier or service group. Scan the cage&apos;s own barcode, a manifest&apos;s barcode or a parcel.</source>
        <translation>{cage} ist kein Käfig dieses Standorts: kein solcher Versender und keine solche Dienstgruppe. Den Barcode des Käfigs selbst, eines Manifests oder ein Paket scannen.</translation>
    </message>
    <message>
        <source>{code} ({length}x{width}x{height} mm, tare {tare} g)</source>
        <translation>{code} ({length}x{width}x{height} mm, Tara {tare} g)</translation>
    </message>
    <message>
        <source>{code} is not a language of the station; use one of {codes}.</source>
        <translation>{code} ist keine Sprache der Station; eine von {codes} nehmen.</translation>
    </message>
    <message>
        <source>{code}: no parcel has this label. Give it to a supervisor.</source>
        <translation>{code}: kein Paket hat dieses Etikett. An die Aufsicht geben.</translation>
    </message>
    <message>
        <source>{counted} · serial {serial} ✔ · all serials in</source>
        <translation>{counted} · Seriennr. {serial} ✔ · alle Seriennummern erfasst</translation>
    </message>
    <message>
        <source>{counted} · serial {serial} ✔ · left: {left}</source>
        <translation>{counted} · Seriennr. {serial} ✔ · offen: {left}</translation>
    </message>
    <message>
        <source>{count} interrupted label(s): answer the question.</source>
        <translation>{count} unterbrochene(s) Etikett(en): die Frage beantworten.</translation>
    </message>
    <message>
        <source>{count} label(s) waiting: they print by themselves as soon as the printer answers ready.</source>
        <translation>{count} Etikett(en) warten: sie drucken von selbst, sobald der Drucker bereit meldet.</translation>
    </message>
    <message>
        <source>{count} unit(s) still to scan: {missing}</source>
        <translation>Noch {count} Stück zu scannen: {missing}</translation>
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
        <translation>{grams} g ist kein plausibler Messwert (höchstens {limit} g): Waage prüfen</translation>
    </message>
    <message>
        <source>{kit}: {part} {scanned} of {expected}</source>
        <translation>{kit}: {part} {scanned} von {expected}</translation>
    </message>
    <message>
        <source>{label} goes with the {mine} pick-up at {when}.</source>
        <translation>{label} gehört zur Abholung von {mine} am {when}.</translation>
    </message>
    <message>
        <source>{label} loaded: {order}</source>
        <translation>{label} verladen: {order}</translation>
    </message>
    <message>
        <source>{label}: already loaded (counted once).</source>
        <translation>{label}: schon verladen (einmal gezählt).</translation>
    </message>
    <message>
        <source>{label}: already loaded on an earlier pick-up.</source>
        <translation>{label}: schon mit einer früheren Abholung verladen.</translation>
    </message>
    <message>
        <source>{label}: already loaded.</source>
        <translation>{label}: schon verladen.</translation>
    </message>
    <message>
        <source>{label}: label VOIDED, taken off the {cage} cage. Give it to a supervisor.</source>
        <translation>{label}: Etikett STORNIERT, vom Käfig {cage} genommen. An die Aufsicht geben.</translation>
    </message>
    <message>
        <source>{label}: label VOIDED. Do not ship; give it to a supervisor.</source>
        <translation>{label}: Etikett STORNIERT. Nicht versenden; an die Aufsicht geben.</translation>
    </message>
    <message>
        <source>{label}: order {order} is ON HOLD.</source>
        <translation>{label}: Auftrag {order} ist GESPERRT.</translation>
    </message>
    <message>
        <source>{label}: order {order} was CANCELLED. Do not ship: void its label and take it off the cage.</source>
        <translation>{label}: Auftrag {order} wurde STORNIERT. Nicht versenden: Etikett stornieren und vom Käfig nehmen.</translation>
    </message>
    <message>
        <source>{mine} parcel on the {theirs} cage. Put it aside.</source>
        <translation>Paket von {mine} am Käfig {theirs}. Beiseitelegen.</translation>
    </message>
    <message>
        <source>{name} is locked after {attempts} wrong PINs: try again in 1 minute, or ask a supervisor to unlock.</source>
        <translation>{name} ist nach {attempts} falschen PINs gesperrt: in 1 Minute erneut versuchen oder eine Aufsicht entsperren lassen.</translation>
    </message>
    <message>
        <source>{name} is locked after {attempts} wrong PINs: try again in {minutes} minutes, or ask a supervisor to unlock.</source>
        <translation>{name} ist nach {attempts} falschen PINs gesperrt: in {minutes} Minuten erneut versuchen oder eine Aufsicht entsperren lassen.</translation>
    </message>
    <message>
        <source>{name} is not a supervisor. {refusal}</source>
        <translation>{name} ist keine Aufsicht. {refusal}</translation>
    </message>
    <message>
        <source>{path} is not a folder</source>
        <translation>{path} ist kein Ordner</translation>
    </message>
    <message>
        <source>{problem} during the job ({handed} of {size} bytes sent); {tail}</source>
        <translation>{problem} während des Auftrags ({handed} von {size} Bytes gesendet); {tail}</translation>
    </message>
    <message>
        <source>{problem} during the job; {tail}</source>
        <translation>{problem} während des Auftrags; {tail}</translation>
    </message>
    <message>
        <source>{problem} {question}</source>
        <translation>{problem} {question}</translation>
    </message>
    <message>
        <source>{product} comes inside the pre-packed kit {kit} in order {reference}: scan the kit&apos;s barcode, not its parts.</source>
        <translation>{product} steckt in Auftrag {reference} im vorverpackten Set {kit}: den Barcode des Sets scannen, nicht seine Teile.</translation>
    </message>
    <message>
        <source>{product} expired on {expiry}. Put it aside.</source>
        <translation>{product} ist am {expiry} abgelaufen. Beiseitelegen.</translation>
    </message>
    <message>
        <source>{product} is already complete. Put this unit back.</source>
        <translation>{product} ist schon vollständig. Dieses Stück zurücklegen.</translation>
    </message>
    <message>
        <source>{product} is not in order {reference}. Put it aside.</source>
        <translation>{product} gehört nicht zu Auftrag {reference}. Beiseitelegen.</translation>
    </message>
    <message>
        <source>{product} is packed from its components in order {reference}: scan each of them ({components}).</source>
        <translation>{product} wird in Auftrag {reference} aus seinen Teilen gepackt: jedes Teil scannen ({components}).</translation>
    </message>
    <message>
        <source>{product}: {verified} of {quantity}</source>
        <translation>{product}: {verified} von {quantity}</translation>
    </message>
    <message>
        <source>{range}: 0 numbers left (used up); an admin adds more with &apos;packbench ranges add&apos;.</source>
        <translation>{range}: 0 Nummern übrig (aufgebraucht); ein Admin fügt mit &apos;packbench ranges add&apos; weitere hinzu.</translation>
    </message>
    <message>
        <source>{range}: 1 number left ({percent}% used); an admin adds more with &apos;packbench ranges add&apos;.</source>
        <translation>{range}: 1 Nummer übrig ({percent}% verbraucht); ein Admin fügt mit &apos;packbench ranges add&apos; weitere hinzu.</translation>
    </message>
    <message>
        <source>{range}: {count} numbers left ({percent}% used); an admin adds more with &apos;packbench ranges add&apos;.</source>
        <translation>{range}: {count} Nummern übrig ({percent}% verbraucht); ein Admin fügt mit &apos;packbench ranges add&apos; weitere hinzu.</translation>
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
        <translation>{station} läuft: sie hat sich innerhalb der letzten zwei Herzschläge gemeldet. Ihre Nummern nur ausmustern, wenn Sie sicher sind (--force): sie verwendet sie ab ihrem nächsten Kontakt mit der Datenbank nicht mehr, und ein Etikett, das sie vorher offline daraus druckt, wird beim Abgleich als Konflikt gelistet.</translation>
    </message>
    <message>
        <source>{station} {where}</source>
        <translation>{station} {where}</translation>
    </message>
    <message>
        <source>{value} cannot be a lot or serial number (at most {most} characters).</source>
        <translation>{value} kann keine Chargen- oder Seriennummer sein (höchstens {most} Zeichen).</translation>
    </message>
    <message>
        <source>{weight} g is below zero: zero the scale and weigh again.</source>
        <translation>{weight} g liegt unter null: Waage nullen und erneut wiegen.</translation>
    </message>
    <message>
        <source>{weight}, expected {span}: check the parcel</source>
        <translation>{weight}, erwartet {span}: Paket prüfen</translation>
    </message>
    <message>
        <source>{weight}: weight checked ({span}).</source>
        <translation>{weight}: Gewicht geprüft ({span}).</translation>
    </message>
    <message>
        <source>⌨ keyed</source>
        <translation>⌨ getippt</translation>
    </message>
</context>
<context>
    <name>OfflineStrip</name>
    <message>
        <source>(Scan ACKNOWLEDGE, press F7 or click this strip once you have done so.)</source>
        <translation>(Danach ACKNOWLEDGE scannen, F7 drücken oder auf diesen Streifen klicken.)</translation>
    </message>
    <message>
        <source>Syncing: 1 change waiting to sync.</source>
        <translation>Abgleich: 1 Änderung wartet.</translation>
    </message>
    <message>
        <source>Syncing: {0} changes waiting to sync.</source>
        <translation>Abgleich: {0} Änderungen warten.</translation>
    </message>
    <message>
        <source>OFFLINE: 1 change waiting to sync.</source>
        <translation>OFFLINE: 1 Änderung wartet auf Abgleich.</translation>
    </message>
    <message>
        <source>OFFLINE: {0} changes waiting to sync.</source>
        <translation>OFFLINE: {0} Änderungen warten auf Abgleich.</translation>
    </message>
    <message>
        <source>Finish this order, then 1 more order kept here (Next order [F5] or a slip); others when the database is back.</source>
        <translation>Diesen Auftrag fertig packen, dann 1 weiteren hier bereitgehaltenen (Nächster Auftrag [F5] oder ein Schein); andere, sobald die Datenbank wieder da ist.</translation>
    </message>
    <message>
        <source>Finish this order, then {0} more orders kept here (Next order [F5] or a slip); others when the database is back.</source>
        <translation>Diesen Auftrag fertig packen, dann {0} weitere hier bereitgehaltene (Nächster Auftrag [F5] oder ein Schein); andere, sobald die Datenbank wieder da ist.</translation>
    </message>
    <message>
        <source>Finish this order; new orders when the database is back.</source>
        <translation>Diesen Auftrag fertig packen; neue Aufträge, sobald die Datenbank wieder da ist.</translation>
    </message>
    <message>
        <source>1 order kept here (Next order [F5] or its slip); others when the database is back.</source>
        <translation>1 Auftrag hier bereitgehalten (Nächster Auftrag [F5] oder sein Schein); andere, sobald die Datenbank wieder da ist.</translation>
    </message>
    <message>
        <source>{0} orders kept here (Next order [F5] or a slip); others when the database is back.</source>
        <translation>{0} Aufträge hier bereitgehalten (Nächster Auftrag [F5] oder ein Schein); andere, sobald die Datenbank wieder da ist.</translation>
    </message>
    <message>
        <source>New orders when the database is back.</source>
        <translation>Neue Aufträge, sobald die Datenbank wieder da ist.</translation>
    </message>
    <message>
        <source>OFFLINE: 1 order is kept at this station: press Next order [F5] or scan its slip. New orders when the database is back.</source>
        <translation>OFFLINE: 1 Auftrag ist an dieser Station vorgehalten: Nächster Auftrag [F5] drücken oder seinen Schein scannen. Neue Aufträge erst, wenn die Datenbank wieder da ist.</translation>
    </message>
    <message>
        <source>OFFLINE: {0} orders are kept at this station: press Next order [F5] or scan a slip. New orders when the database is back.</source>
        <translation>OFFLINE: {0} Aufträge sind an dieser Station vorgehalten: Nächster Auftrag [F5] drücken oder einen Schein scannen. Neue Aufträge erst, wenn die Datenbank wieder da ist.</translation>
    </message>
    <message>
        <source>OFFLINE: no new orders until the database is back (an order this station holds opens with its slip).</source>
        <translation>OFFLINE: Neue Aufträge erst, wenn die Datenbank wieder da ist (ein Auftrag, den diese Station hält, öffnet sich mit seinem Schein).</translation>
    </message>
</context>
<context>
    <name>OrderLinesModel</name>
    <message>
        <source>Product</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Art.-Nr.</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>Bestellt</translation>
    </message>
    <message>
        <source>Scanned</source>
        <translation>Gescannt</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>Serials left: {serials}</source>
        <translation>Offene Seriennummern: {serials}</translation>
    </message>
</context>
<context>
    <name>OrderPanels</name>
    <message>
        <source>⚠ Order {0}: read the packing notes.
Scan ACKNOWLEDGE or press [{1}].</source>
        <translation>⚠ Auftrag {0}: Packhinweise lesen.
ACKNOWLEDGE scannen oder [{1}] drücken.</translation>
    </message>
    <message>
        <source>⚠ IMPORTANT: PACKING NOTES</source>
        <translation>⚠ WICHTIG: PACKHINWEISE</translation>
    </message>
    <message>
        <source>Packing notes</source>
        <translation>Packhinweise</translation>
    </message>
    <message>
        <source>🎁 Gift message:
{0}</source>
        <translation>🎁 Geschenknachricht:
{0}</translation>
    </message>
    <message>
        <source>📦 Parcel {0}: {1} Scan the box&apos;s barcode.</source>
        <translation>📦 Paket {0}: {1} Barcode des Kartons scannen.</translation>
    </message>
</context>
<context>
    <name>PackOut</name>
    <message>
        <source>New parcel  [{key}]</source>
        <translation>Neues Paket  [{key}]</translation>
    </message>
    <message>
        <source>Accept weight…  [{key}]</source>
        <translation>Gewicht annehmen…  [{key}]</translation>
    </message>
    <message>
        <source>Scale: waiting for a reading</source>
        <translation>Waage: wartet auf einen Messwert</translation>
    </message>
    <message>
        <source>Parcel {number}: {weight}</source>
        <translation>Paket {number}: {weight}</translation>
    </message>
    <message>
        <source>Closing parcel {number} of order {reference}…</source>
        <translation>Paket {number} von Auftrag {reference} wird geschlossen…</translation>
    </message>
    <message>
        <source>Completing order {reference}…</source>
        <translation>Auftrag {reference} wird abgeschlossen…</translation>
    </message>
    <message>
        <source>Accept weight</source>
        <translation>Gewicht annehmen</translation>
    </message>
    <message>
        <source>{refusal}.
Why may parcel {number} ship as it is?</source>
        <translation>{refusal}.
Warum darf Paket {number} so versendet werden?</translation>
    </message>
    <message>
        <source>Weight not accepted: no reason given.</source>
        <translation>Gewicht nicht angenommen: kein Grund angegeben.</translation>
    </message>
    <message>
        <source>⚖ WEIGHT REFUSED
{message}</source>
        <translation>⚖ GEWICHT ABGELEHNT
{message}</translation>
    </message>
    <message>
        <source>Parcel {closed}{weighed} closed: label {tracking}.
Parcel {number} is open: scan its units.</source>
        <translation>Paket {closed}{weighed} geschlossen: Etikett {tracking}.
Paket {number} ist offen: seine Stücke scannen.</translation>
    </message>
</context>
<context>
    <name>PackScreen</name>
    <message>
        <source>Hold order</source>
        <translation>Auftrag sperren</translation>
    </message>
    <message>
        <source>Why is order {reference} put on hold?</source>
        <translation>Warum wird Auftrag {reference} gesperrt?</translation>
    </message>
    <message>
        <source>Release cancelled. </source>
        <translation>Freigabe abgebrochen. </translation>
    </message>
    <message>
        <source>Release: scan the slip or tote of the order to release.</source>
        <translation>Freigabe: Schein oder Behälter des freizugebenden Auftrags scannen.</translation>
    </message>
    <message>
        <source>Not released: the station is closing.</source>
        <translation>Nicht freigegeben: die Station wird geschlossen.</translation>
    </message>
    <message>
        <source>No open order.</source>
        <translation>Kein offener Auftrag.</translation>
    </message>
    <message>
        <source>Hold: scan the reason (missing, damaged, wrong item).</source>
        <translation>Sperren: den Grund scannen (fehlt, beschädigt, falscher Artikel).</translation>
    </message>
    <message>
        <source>Not printed again: the station is closing.</source>
        <translation>Nicht nachgedruckt: die Station wird geschlossen.</translation>
    </message>
    <message>
        <source>Completing order {reference}…</source>
        <translation>Auftrag {reference} wird abgeschlossen…</translation>
    </message>
    <message>
        <source>Cancelled. </source>
        <translation>Abgebrochen. </translation>
    </message>
    <message>
        <source>Cancelled. Carry on scanning.</source>
        <translation>Abgebrochen. Weiter scannen.</translation>
    </message>
    <message>
        <source>Order {reference}: scan every unit ({units} in all).</source>
        <translation>Auftrag {reference}: jedes Stück scannen ({units} insgesamt).</translation>
    </message>
    <message>
        <source>The queue is empty: no order is ready to pack.</source>
        <translation>Die Warteschlange ist leer: kein Auftrag ist packbereit.</translation>
    </message>
    <message>
        <source>Order {reference} packed. Printing label {tracking}…</source>
        <translation>Auftrag {reference} gepackt. Etikett {tracking} wird gedruckt…</translation>
    </message>
    <message>
        <source>Order {reference} is on hold for a supervisor. </source>
        <translation>Auftrag {reference} ist für die Aufsicht gesperrt. </translation>
    </message>
</context>
<context>
    <name>ParcelDialog</name>
    <message>
        <source>   VOID ({reason})</source>
        <translation>   STORNIERT ({reason})</translation>
    </message>
    <message>
        <source>Order {reference} · parcel {number} · {tracking}</source>
        <translation>Auftrag {reference} · Paket {number} · {tracking}</translation>
    </message>
    <message>
        <source>Scan the label, or type the order, tracking number or SSCC</source>
        <translation>Etikett scannen oder Auftrag, Sendungsnummer oder SSCC eingeben</translation>
    </message>
    <message>
        <source>Choose, type or scan a reason</source>
        <translation>Grund wählen, eingeben oder scannen</translation>
    </message>
    <message>
        <source>Cancel  [Esc]</source>
        <translation>Abbrechen  [Esc]</translation>
    </message>
    <message>
        <source>Parcel:</source>
        <translation>Paket:</translation>
    </message>
    <message>
        <source>Found:</source>
        <translation>Gefunden:</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Grund:</translation>
    </message>
    <message>
        <source>{action}  [Enter]</source>
        <translation>{action}  [Enter]</translation>
    </message>
    <message>
        <source>Reason: {reason}.</source>
        <translation>Grund: {reason}.</translation>
    </message>
    <message>
        <source>Scan the parcel&apos;s label or a reason from the sheet here.</source>
        <translation>Hier das Etikett des Pakets oder einen Grund vom Blatt scannen.</translation>
    </message>
    <message>
        <source>Scan the parcel&apos;s label, or type its order or tracking number.</source>
        <translation>Etikett des Pakets scannen oder Auftrag bzw. Sendungsnummer eingeben.</translation>
    </message>
    <message>
        <source>Give a reason: choose one, type it, or scan it from the sheet.</source>
        <translation>Einen Grund angeben: wählen, eingeben oder vom Blatt scannen.</translation>
    </message>
    <message>
        <source>Looking up {text}…</source>
        <translation>Suche {text}…</translation>
    </message>
    <message>
        <source>Nothing found for {text}.</source>
        <translation>Nichts gefunden für {text}.</translation>
    </message>
    <message>
        <source>{count} parcels: choose one with ↑ ↓. </source>
        <translation>{count} Pakete: eines mit ↑ ↓ wählen. </translation>
    </message>
    <message>
        <source>Give a reason, then </source>
        <translation>Einen Grund angeben, dann </translation>
    </message>
    <message>
        <source>press Enter.</source>
        <translation>Enter drücken.</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Backspace</source>
        <translation>Rücktaste</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Cancel  [Esc]</source>
        <translation>Abbrechen  [Esc]</translation>
    </message>
    <message>
        <source>Type the PIN (keyboard or numpad) and press Enter.</source>
        <translation>PIN eingeben (Tastatur oder Ziffernblock) und Enter drücken.</translation>
    </message>
    <message>
        <source>PIN for {name}</source>
        <translation>PIN für {name}</translation>
    </message>
    <message>
        <source>Type your PIN first.</source>
        <translation>Erst die PIN eingeben.</translation>
    </message>
</context>
<context>
    <name>PrintBanner</name>
    <message>
        <source>The print queue cannot be read: {message}</source>
        <extracomment>How often the print worker runs the queue&apos;s tick (the service asks for 0.5-1 s).</extracomment>
        <translation>Die Druckwarteschlange ist nicht lesbar: {message}</translation>
    </message>
    <message>
        <source>{count} label(s) waiting: they print by themselves.</source>
        <translation>{count} Etikett(en) warten: sie drucken von selbst.</translation>
    </message>
    <message>
        <source>⚠ PRINTER {printer}: {text}</source>
        <translation>⚠ DRUCKER {printer}: {text}</translation>
    </message>
    <message>
        <source>Label {tracking} was not printed.</source>
        <translation>Etikett {tracking} wurde nicht gedruckt.</translation>
    </message>
    <message>
        <source>Print a label again</source>
        <translation>Etikett nachdrucken</translation>
    </message>
    <message>
        <source>Print again</source>
        <translation>Nachdrucken</translation>
    </message>
    <message>
        <source>Printing the label again…</source>
        <translation>Etikett wird nachgedruckt…</translation>
    </message>
    <message>
        <source>Testing printer {printer}…</source>
        <translation>Drucker {printer} wird getestet…</translation>
    </message>
    <message>
        <source>✖ TEST LABEL NOT PRINTED — {status}
{error}</source>
        <translation>✖ TESTETIKETT NICHT GEDRUCKT — {status}
{error}</translation>
    </message>
    <message>
        <source>✔ Test label sent to {destination} — printer {status}.</source>
        <translation>✔ Testetikett an {destination} gesendet — Drucker {status}.</translation>
    </message>
    <message>
        <source>⚠ LABEL INTERRUPTED ({tracking})
Answer the question above.</source>
        <translation>⚠ ETIKETT UNTERBROCHEN ({tracking})
Die Frage oben beantworten.</translation>
    </message>
    <message>
        <source>The label prints by itself as soon as the printer answers ready.</source>
        <translation>Das Etikett druckt von selbst, sobald der Drucker bereit meldet.</translation>
    </message>
    <message>
        <source>✖ LABEL NOT PRINTED ({tracking})
{error}
Fix the printer: the label prints by itself when it is back.</source>
        <translation>✖ ETIKETT NICHT GEDRUCKT ({tracking})
{error}
Drucker in Ordnung bringen: das Etikett druckt von selbst, wenn er wieder da ist.</translation>
    </message>
    <message>
        <source>Put the parcel in {destination}. </source>
        <translation>Paket in {destination} legen. </translation>
    </message>
    <message>
        <source>✔ Label {tracking} printed.
{where}Scan the next order.</source>
        <translation>✔ Etikett {tracking} gedruckt.
{where}Nächsten Auftrag scannen.</translation>
    </message>
    <message>
        <source>✖ LABEL NOT PRINTED
{error}</source>
        <translation>✖ ETIKETT NICHT GEDRUCKT
{error}</translation>
    </message>
</context>
<context>
    <name>PrinterPanel</name>
    <message>
        <source>(jobs and previews go into the data folder)</source>
        <translation>(Aufträge und Vorschauen kommen in den Datenordner)</translation>
    </message>
    <message>
        <source>04b8:0e15 (vendor:product)</source>
        <translation>04b8:0e15 (Hersteller:Produkt)</translation>
    </message>
    <message>
        <source>the CUPS queue name</source>
        <translation>Name der CUPS-Warteschlange</translation>
    </message>
    <message>
        <source>the printer&apos;s name in Windows</source>
        <translation>Name des Druckers in Windows</translation>
    </message>
    <message>
        <source>Print a packing sl&amp;ip after each label</source>
        <translation>Nach jedem Etikett einen &amp;Lieferschein drucken</translation>
    </message>
    <message>
        <source>The printer &amp;answers status requests (uncheck only for one that does not)</source>
        <translation>Der Drucker &amp;antwortet auf Statusanfragen (nur abwählen, wenn er das nicht tut)</translation>
    </message>
    <message>
        <source>(choose one to fill in Connection and Where)</source>
        <translation>(einen wählen, um Verbindung und Wo auszufüllen)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>F&amp;ound</source>
        <translation>Gef&amp;unden</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>&amp;Verbindung</translation>
    </message>
    <message>
        <source>&amp;Where</source>
        <translation>&amp;Wo</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>Sp&amp;rache</translation>
    </message>
    <message>
        <source>Label si&amp;ze</source>
        <translation>Etikett&amp;größe</translation>
    </message>
    <message>
        <source>ESC/POS p&amp;rofile</source>
        <translation>ESC/POS-Pro&amp;fil</translation>
    </message>
    <message>
        <source>Print a test label to check the printer.</source>
        <translation>Ein Testetikett drucken, um den Drucker zu prüfen.</translation>
    </message>
    <message>
        <source>&amp;Print test label  [Alt+P]</source>
        <translation>&amp;Probeetikett drucken  [Alt+P]</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Test läuft…</translation>
    </message>
    <message>
        <source>printer {state}</source>
        <translation>Drucker {state}</translation>
    </message>
    <message>
        <source>✖ Test label NOT printed — {status}. {error}</source>
        <translation>✖ Testetikett NICHT gedruckt — {status}. {error}</translation>
    </message>
    <message>
        <source>✔ Test label sent to {destination} — {status}.</source>
        <translation>✔ Testetikett an {destination} gesendet — {status}.</translation>
    </message>
</context>
<context>
    <name>PrinterSettingsDialog</name>
    <message>
        <source>Printer</source>
        <translation>Drucker</translation>
    </message>
    <message>
        <source>&amp;Save  [Alt+S]</source>
        <translation>&amp;Speichern  [Alt+S]</translation>
    </message>
    <message>
        <source>Close  [Esc]</source>
        <translation>Schließen  [Esc]</translation>
    </message>
    <message>
        <source>✖ Not saved: {error}</source>
        <translation>✖ Nicht gespeichert: {error}</translation>
    </message>
    <message>
        <source>✔ Saved to {path}. Restart Packbench to print with it.</source>
        <translation>✔ In {path} gespeichert. Packbench neu starten, um damit zu drucken.</translation>
    </message>
</context>
<context>
    <name>RangeWarning</name>
    <message>
        <source>⚠ ATTENTION: {warning}</source>
        <translation>⚠ ACHTUNG: {warning}</translation>
    </message>
</context>
<context>
    <name>SignInFlow</name>
    <message>
        <source>{name} took over from {before}. </source>
        <translation>{name} hat von {before} übernommen. </translation>
    </message>
    <message>
        <source>{name}: signed in already. </source>
        <translation>{name}: schon angemeldet. </translation>
    </message>
    <message>
        <source>Hello {name}. </source>
        <translation>Hallo {name}. </translation>
    </message>
    <message>
        <source>Order {reference} is still open: carry on scanning.</source>
        <translation>Auftrag {reference} ist noch offen: weiter scannen.</translation>
    </message>
    <message>
        <source>Welcome back, {name}. </source>
        <translation>Willkommen zurück, {name}. </translation>
    </message>
    <message>
        <source>Switch cancelled. Carry on.</source>
        <translation>Wechsel abgebrochen. Weitermachen.</translation>
    </message>
</context>
<context>
    <name>StationDisplay</name>
    <message>
        <source>Saving…</source>
        <extracomment>Marks a banner text may start with already (``?``: data needed, shown in ATTENTION). The offline strip, where the station can work offline (set by the pack screen).</extracomment>
        <translation>Speichert…</translation>
    </message>
    <message>
        <source>Label preview</source>
        <translation>Etikettvorschau</translation>
    </message>
    <message>
        <source>Complete  [F12]</source>
        <translation>Abschließen  [F12]</translation>
    </message>
    <message>
        <source>Undo last scan  [F8]</source>
        <translation>Letzten Scan zurück  [F8]</translation>
    </message>
    <message>
        <source>Next order  [F5]</source>
        <translation>Nächster Auftrag  [F5]</translation>
    </message>
    <message>
        <source>Hold…  [F9]</source>
        <translation>Sperren…  [F9]</translation>
    </message>
    <message>
        <source>Print again  [F10]</source>
        <translation>Nachdrucken  [F10]</translation>
    </message>
    <message>
        <source>Sign out  [F2]</source>
        <translation>Abmelden  [F2]</translation>
    </message>
    <message>
        <source>Release an order…  [F11]</source>
        <translation>Auftrag freigeben…  [F11]</translation>
    </message>
    <message>
        <source>Move waiting labels…  [F6]</source>
        <translation>Etiketten umleiten…  [F6]</translation>
    </message>
    <message>
        <source>Scan, or type a code and press Enter</source>
        <translation>Scannen, oder Code eingeben und Enter drücken</translation>
    </message>
    <message>
        <source>No open order</source>
        <translation>Kein offener Auftrag</translation>
    </message>
    <message>
        <source>Order {reference}   ·   {carrier} {service}</source>
        <translation>Auftrag {reference}   ·   {carrier} {service}</translation>
    </message>
    <message>
        <source>? DATA NEEDED
{message}</source>
        <translation>? DATEN NÖTIG
{message}</translation>
    </message>
    <message>
        <source>Not accepted</source>
        <translation>Nicht angenommen</translation>
    </message>
    <message>
        <source>All {units} units verified: press Complete [F12].</source>
        <translation>Alle {units} Stück geprüft: Abschließen [F12] drücken.</translation>
    </message>
    <message>
        <source>Scan your badge to sign in</source>
        <translation>Zum Anmelden den Ausweis scannen</translation>
    </message>
    <message>
        <source>{prefix}Scan an order slip or tote, or press Next order [F5].</source>
        <translation>{prefix}Auftragsschein oder Behälter scannen, oder Nächster Auftrag [F5] drücken.</translation>
    </message>
</context>
<context>
    <name>StoppedLabels</name>
    <message>
        <source>Done  [{key}]</source>
        <translation>Erledigt  [{key}]</translation>
    </message>
</context>
<context>
    <name>SupervisorActions</name>
    <message>
        <source>Void a label…  [{key}]</source>
        <extracomment>Reasons offered for a void (typed ones are accepted too).</extracomment>
        <translation>Etikett stornieren…  [{key}]</translation>
    </message>
    <message>
        <source>Release order</source>
        <translation>Auftrag freigeben</translation>
    </message>
    <message>
        <source>Why is this order released from its station?</source>
        <translation>Warum wird dieser Auftrag von seiner Station freigegeben?</translation>
    </message>
    <message>
        <source>Release cancelled: a reason is needed.</source>
        <translation>Freigabe abgebrochen: ein Grund ist nötig.</translation>
    </message>
    <message>
        <source>✔ Order {reference} released back to the queue.</source>
        <translation>✔ Auftrag {reference} zurück in die Warteschlange gegeben.</translation>
    </message>
    <message>
        <source>Move waiting labels</source>
        <translation>Wartende Etiketten verschieben</translation>
    </message>
    <message>
        <source>{printer}  ({count} waiting)</source>
        <translation>{printer}  ({count} wartend)</translation>
    </message>
    <message>
        <source>Labels waiting for printer:</source>
        <translation>Etiketten, die auf Drucker warten:</translation>
    </message>
    <message>
        <source>Send them to printer:</source>
        <translation>An Drucker senden:</translation>
    </message>
    <message>
        <source>✔ {count} label(s) moved from {source} to {target}.</source>
        <translation>✔ {count} Etikett(en) von {source} nach {target} verschoben.</translation>
    </message>
    <message>
        <source>Void a label</source>
        <translation>Etikett stornieren</translation>
    </message>
    <message>
        <source>Void label</source>
        <translation>Stornieren</translation>
    </message>
</context>
<context>
    <name>TestScanDialog</name>
    <message>
        <source>Test scan</source>
        <translation>Testscan</translation>
    </message>
    <message>
        <source>Close  [Esc]</source>
        <translation>Schließen  [Esc]</translation>
    </message>
</context>
<context>
    <name>TestScanPanel</name>
    <message>
        <source>Scan any barcode now</source>
        <translation>Jetzt einen beliebigen Barcode scannen</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Symbology</source>
        <translation>Symbologie</translation>
    </message>
    <message>
        <source>Understood as</source>
        <translation>Verstanden als</translation>
    </message>
    <message>
        <source>Key timing</source>
        <translation>Tastentakt</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>Vorschlag</translation>
    </message>
    <message>
        <source>Refused: {message}</source>
        <translation>Abgelehnt: {message}</translation>
    </message>
    <message>
        <source>none sent (enable AIM ids on the scanner)</source>
        <translation>keine gesendet (AIM-Kennungen am Scanner einschalten)</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>{keys} keys, mean gap {mean:.1f} ms, slowest {slowest:.1f} ms; counted as a scan: {scan}</source>
        <translation>{keys} Tasten, mittlerer Abstand {mean:.1f} ms, langsamster {slowest:.1f} ms; als Scan gezählt: {scan}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>This scanner types too slowly to tell from a person. Lower its inter-character delay, or configure a prefix and suffix.</source>
        <translation>Dieser Scanner tippt zu langsam, um ihn von einem Menschen zu unterscheiden. Seine Zeichenverzögerung senken oder Präfix und Suffix einstellen.</translation>
    </message>
    <message>
        <source>Not taken as a scan with max gap {current} ms. Set max gap to {best} ms.</source>
        <translation>Mit höchstens {current} ms Abstand nicht als Scan erkannt. Höchstabstand auf {best} ms setzen.</translation>
    </message>
    <message>
        <source>Works. A max gap of {best} ms would fit (now {current} ms).</source>
        <translation>Funktioniert. Ein Höchstabstand von {best} ms würde passen (jetzt {current} ms).</translation>
    </message>
    <message>
        <source>Not a scan (typed too slowly, too short, or prefix missing)</source>
        <translation>Kein Scan (zu langsam getippt, zu kurz oder Präfix fehlt)</translation>
    </message>
</context>
<context>
    <name>ask</name>
    <message>
        <source>OK  [Enter]</source>
        <translation>OK  [Enter]</translation>
    </message>
    <message>
        <source>Cancel  [Esc]</source>
        <translation>Abbrechen  [Esc]</translation>
    </message>
</context>
</TS>
