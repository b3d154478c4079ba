; Inno Setup script for SiteLedger on Windows (Inno Setup 6).
; Built by installer/build-linux.sh under Git Bash after the bundle, or by hand:
;   iscc /DAppVersion=0.1.0 /DSourceDir=..\..\dist\siteledger /O..\..\dist installer\windows\siteledger.iss
; Untested here (no Windows in CI): see docs/installing.md.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\siteledger"
#endif

[Setup]
AppId={{6E0F7B1C-3C2A-4E4B-9C1D-5A11EDA7E516}
AppName=SiteLedger
AppVerName=SiteLedger {#AppVersion}
AppVersion={#AppVersion}
AppPublisher=SiteLedger
DefaultDirName={autopf}\SiteLedger
DefaultGroupName=SiteLedger
; Per-machine when run as administrator, per-user otherwise (offices often lack admin rights).
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputBaseFilename=siteledger-{#AppVersion}-setup
SetupIconFile=..\..\assets\icons\siteledger.ico
UninstallDisplayIcon={app}\siteledgerw.exe
Compression=lzma2
SolidCompression=yes
ChangesAssociations=yes
WizardStyle=modern

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; The window: siteledgerw.exe is the program without a console (siteledger.exe, beside it, is the
; command line); see installer/siteledger.spec and docs/installing.md.
Name: "{group}\SiteLedger 项目督办台账"; Filename: "{app}\siteledgerw.exe"; Parameters: "app"
Name: "{autodesktop}\SiteLedger"; Filename: "{app}\siteledgerw.exe"; Parameters: "app"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Registry]
; Sync bundles (*.slbundle) open in SiteLedger, which offers to import them.
Root: HKA; Subkey: "Software\Classes\.slbundle"; ValueType: string; ValueName: ""; ValueData: "SiteLedger.Bundle"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\SiteLedger.Bundle"; ValueType: string; ValueName: ""; ValueData: "SiteLedger 同步包"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\SiteLedger.Bundle\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\siteledgerw.exe,0"
Root: HKA; Subkey: "Software\Classes\SiteLedger.Bundle\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\siteledgerw.exe"" app ""%1"""

[Run]
Filename: "{app}\siteledgerw.exe"; Parameters: "app"; Description: "{cm:LaunchProgram,SiteLedger}"; Flags: nowait postinstall skipifsilent

; Uninstall removes {app} only. Workspaces live in %LOCALAPPDATA%\SiteLedger (or the folder
; chosen with --home) and are never touched.
