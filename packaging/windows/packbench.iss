; Inno Setup script: the Packbench installer over the PyInstaller one-folder build.
;
; Build the folder first (on Windows, in a venv with Packbench and PyInstaller):
;     pyinstaller --noconfirm installer.spec            -> dist\packbench\
; then compile this script with Inno Setup 6.3 or newer:
;     iscc /DAppVersion=0.1.0 /DDistDir=..\..\dist\packbench packaging\windows\packbench.iss
; or let packaging\build.py do both (it passes the version from app/__init__.py).
; The installer lands in dist\installer\packbench-<version>-setup.exe.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z ... (packaging\build.py does)
#endif
#ifndef DistDir
  #define DistDir "..\..\dist\packbench"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist\installer"
#endif

#define AppName "Packbench"
#define AppExe "packbench.exe"
#define AppConsoleExe "packbench-console.exe"

[Setup]
; A fixed AppId: upgrades replace the installed version instead of adding a second one.
AppId={{3C7B1F0E-6A2D-4E8B-9C41-7D5A2B9E8F14}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Packbench
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} installer
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir={#OutputDir}
OutputBaseFilename=packbench-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; PySide6 6.x wheels are 64-bit only and need Windows 10 or newer.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; Per-machine by default (stations are shared); the user may choose a per-user install.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
; Close a running Packbench before replacing its files.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "german"; MessagesFile: "compiler:Languages\German.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade must not keep modules or migrations that the new version no longer ships
; (Alembic would find a stale versions\*.py and refuse the schema).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autoprograms}\{#AppName} (demo)"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the installer put there; the station's database, labels and config live in the
; user's folders (%LOCALAPPDATA%\packbench\packbench, platformdirs) and are kept.
Type: filesandordirs; Name: "{app}\_internal"

[Code]
// After copying the files, run the frozen smoke test (offscreen, on a temporary database,
// exercising every device library) and say so if it fails, instead of leaving a station
// with an installation that crashes at start. Skipped for silent installs (/SILENT,
// /VERYSILENT): run "packbench-console.exe --smoke-test" from the deployment script there.
procedure CurStepChanged(CurStep: TSetupStep);
var
  ResultCode: Integer;
begin
  if (CurStep = ssPostInstall) and not WizardSilent then
  begin
    WizardForm.StatusLabel.Caption := 'Checking the installation (smoke test)...';
    if not Exec(ExpandConstant('{app}\{#AppConsoleExe}'), '--smoke-test', ExpandConstant('{app}'),
                SW_HIDE, ewWaitUntilTerminated, ResultCode) or (ResultCode <> 0) then
      MsgBox('The installation check failed (packbench-console.exe --smoke-test exited with '
             + IntToStr(ResultCode) + ').' + #13#10 + 'Run it from a command prompt in '
             + ExpandConstant('{app}') + ' to see why.', mbError, MB_OK);
  end;
end;
