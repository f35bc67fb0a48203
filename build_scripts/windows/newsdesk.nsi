; NewsDesk 采编台 — Windows installer (NSIS 3, Unicode, Modern UI 2).
;
; Compiled by `python build_scripts/build.py nsis` (or build_scripts/windows/compile_check.sh), which
; passes:
;   VERSION      0.1.0 (from pyproject.toml)       VERSION_NUM  0.1.0.0 (numeric, for the resource)
;   SOURCE_DIR   the PyInstaller one-folder bundle  OUTFILE      the setup .exe to write
;   ICON         resources/icons/newsdesk.ico
;
; What it does:
; - installs per user, without administrator rights: %LOCALAPPDATA%\Programs\NewsDesk, HKCU keys;
; - Start-menu and desktop shortcuts "NewsDesk 采编台" with the app's icon (the desktop one can be
;   unticked on the component page, or left out of a silent install with /NODESKTOP);
; - no .docx file association: the GUI takes no file argument; a .docx dropped on the main window
;   is imported (app/ui/main_window.py);
; - upgrades in place: the same folder as the installed version (read from the registry), the old
;   program files replaced, the user's database and settings untouched;
; - an admin's newsroom.json placed beside the setup .exe is installed beside NewsDesk.exe, where the
;   app looks for the newsroom PostgreSQL settings (app/core/settings.py);
; - the uninstaller removes the program and keeps the user's data (database, backups, logs,
;   settings in %LOCALAPPDATA%\NewsDesk) unless its "delete my data" component is ticked
;   (silent: `Uninstall.exe /S /PURGE`);
; - 简体中文 and English, chosen at start (defaults to the Windows display language).

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
!ifdef FAST ; a compile check: quick zlib instead of the release's solid LZMA
  SetCompressor zlib
!else ifdef NOCOMPRESS ; the install test's "older version": stored, compiled in seconds
  SetCompress off
!else
  SetCompressor /SOLID lzma
  SetCompressorDictSize 32
!endif

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef VERSION_NUM
  !define VERSION_NUM "0.0.0.0"
!endif
!ifndef SOURCE_DIR
  !error "define SOURCE_DIR: the PyInstaller bundle folder (dist/newsdesk)"
!endif
!ifndef OUTFILE
  !define OUTFILE "NewsDesk-${VERSION}-setup.exe"
!endif
!ifndef ICON
  !define ICON "..\..\resources\icons\newsdesk.ico"
!endif

!define APP "NewsDesk"
!define APP_ZH "NewsDesk 采编台"
!define MAIN_EXE "NewsDesk.exe"
!define CLI_EXE "newsdesk-cli.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"
!define DATA_DIR "$LOCALAPPDATA\${APP}" ; platformdirs.user_data_dir("NewsDesk", appauthor=False)

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "Sections.nsh"
!include "WordFunc.nsh"

Name "${APP_ZH}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${APP_ZH} ${VERSION}"

VIProductVersion "${VERSION_NUM}"
VIAddVersionKey /LANG=0 "ProductName" "${APP_ZH}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP_ZH} Setup"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "${APP}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT License"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "Software\${APP}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${MAIN_EXE}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; the first language is the default when Windows speaks neither
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString SecApp ${LANG_SIMPCHINESE} "采编台程序（必需）"
LangString SecApp ${LANG_ENGLISH} "NewsDesk program (required)"
LangString SecDesktop ${LANG_SIMPCHINESE} "桌面快捷方式"
LangString SecDesktop ${LANG_ENGLISH} "Desktop shortcut"
LangString UnSecApp ${LANG_SIMPCHINESE} "卸载程序"
LangString UnSecApp ${LANG_ENGLISH} "Remove the program"
LangString UnSecData ${LANG_SIMPCHINESE} "同时删除我的数据库、备份和设置（不可恢复）"
LangString UnSecData ${LANG_ENGLISH} "Also delete my database, backups and settings (cannot be undone)"
LangString MsgRunning ${LANG_SIMPCHINESE} "采编台正在运行。请先保存稿件并关闭采编台，然后点“重试”。"
LangString MsgRunning ${LANG_ENGLISH} "NewsDesk is running. Save your work and close NewsDesk, then click Retry."
LangString MsgKept ${LANG_SIMPCHINESE} "您的数据库和设置已保留在："
LangString MsgKept ${LANG_ENGLISH} "Your database and settings were kept in:"
LangString MsgNewer ${LANG_SIMPCHINESE} "已安装的采编台版本更新。仍要安装这个较旧的版本吗？"
LangString MsgNewer ${LANG_ENGLISH} "A newer NewsDesk is installed. Install this older version anyway?"
LangString CliName ${LANG_SIMPCHINESE} "采编台命令行"
LangString CliName ${LANG_ENGLISH} "NewsDesk command line"

; ---- install -------------------------------------------------------------------------------

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
  ; an older install elsewhere (e.g. a custom folder): upgrade it in place
  ReadRegStr $0 HKCU "${UNINST_KEY}" "InstallLocation"
  ${If} $0 != ""
    StrCpy $INSTDIR $0
  ${EndIf}
  ReadRegStr $1 HKCU "${UNINST_KEY}" "DisplayVersion"
  ${If} $1 != ""
    ${VersionCompare} $1 "${VERSION}" $2
    ${If} $2 == 1
      MessageBox MB_YESNO|MB_ICONQUESTION "$(MsgNewer)" /SD IDNO IDYES +2
      Abort
    ${EndIf}
  ${EndIf}
FunctionEnd

; Stops while the program is running (its files are locked on Windows): Retry or Cancel.
!macro WaitUntilClosed EXE ID
  wuc_retry_${ID}:
  ClearErrors
  ${If} ${FileExists} "$INSTDIR\${EXE}"
    Delete "$INSTDIR\${EXE}"
    ${If} ${Errors}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(MsgRunning)" /SD IDCANCEL IDRETRY wuc_retry_${ID}
      Abort
    ${EndIf}
  ${EndIf}
!macroend

Section "!$(SecApp)" SecApp
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ${If} ${FileExists} "$INSTDIR\${MAIN_EXE}"
    !insertmacro WaitUntilClosed "${MAIN_EXE}" i_main
    !insertmacro WaitUntilClosed "${CLI_EXE}" i_cli
    ; upgrade in place: the old program files go, nothing of the user's is in here
    RMDir /r "$INSTDIR\_internal"
  ${EndIf}
  File /r "${SOURCE_DIR}\*.*"

  ; an admin's newsroom settings shipped beside the setup program
  ${If} ${FileExists} "$EXEDIR\newsroom.json"
    CopyFiles /SILENT "$EXEDIR\newsroom.json" "$INSTDIR\newsroom.json"
  ${EndIf}

  WriteUninstaller "$INSTDIR\Uninstall.exe"
  CreateDirectory "$SMPROGRAMS\${APP}"
  CreateShortcut "$SMPROGRAMS\${APP}\${APP_ZH}.lnk" "$INSTDIR\${MAIN_EXE}" "" "$INSTDIR\${MAIN_EXE}" 0
  SetOutPath "$INSTDIR" ; the working folder of the shortcuts
  CreateShortcut "$SMPROGRAMS\${APP}\$(CliName).lnk" "$SYSDIR\cmd.exe" "/k newsdesk-cli --help" "$INSTDIR\${MAIN_EXE}" 0

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_ZH}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${APP}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${MAIN_EXE},0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

; ticked by default (a silent install makes it too; `/NODESKTOP` leaves it out)
Section "$(SecDesktop)" SecDesktop
  SetShellVarContext current
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/NODESKTOP" $R1
  ${If} ${Errors}
    CreateShortcut "$DESKTOP\${APP_ZH}.lnk" "$INSTDIR\${MAIN_EXE}" "" "$INSTDIR\${MAIN_EXE}" 0
  ${EndIf}
SectionEnd

; ---- uninstall -----------------------------------------------------------------------------

Section "!un.$(UnSecApp)" UnSecApp
  SectionIn RO
  SetShellVarContext current
  !insertmacro WaitUntilClosed "${MAIN_EXE}" u_main
  !insertmacro WaitUntilClosed "${CLI_EXE}" u_cli
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\newsroom.json"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR" ; only if empty: files someone put there stay
  Delete "$SMPROGRAMS\${APP}\${APP_ZH}.lnk"
  Delete "$SMPROGRAMS\${APP}\$(CliName).lnk"
  RMDir "$SMPROGRAMS\${APP}"
  Delete "$DESKTOP\${APP_ZH}.lnk"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegValue HKCU "Software\${APP}" "InstallerLanguage"
  DeleteRegKey /ifempty HKCU "Software\${APP}"
SectionEnd

Section /o "un.$(UnSecData)" UnSecData
  RMDir /r "${DATA_DIR}"
SectionEnd

Function un.onGUIEnd
  ${IfNot} ${SectionIsSelected} ${UnSecData}
  ${AndIf} ${FileExists} "${DATA_DIR}\*.*"
    MessageBox MB_OK|MB_ICONINFORMATION "$(MsgKept)$\r$\n${DATA_DIR}" /SD IDOK
  ${EndIf}
FunctionEnd

; a silent uninstall (/S) keeps the data unless /PURGE is given too
Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
  ${un.GetParameters} $R0
  ClearErrors
  ${un.GetOptions} $R0 "/PURGE" $R1
  ${IfNot} ${Errors}
    !insertmacro SelectSection ${UnSecData}
  ${EndIf}
FunctionEnd
