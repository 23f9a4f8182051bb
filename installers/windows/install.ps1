<#
.SYNOPSIS
    Installs the VolunteerQuantum volunteer daemon as a Windows service.

.DESCRIPTION
    install    publishes the daemon from this repository (needs the .NET 10 SDK; the service then
               needs the .NET 10 runtime) into "C:\Program Files\VolunteerQuantum\volunteer", writes
               C:\ProgramData\VolunteerQuantum\volunteer.json (readable by the service account and
               administrators only), creates the service "VolunteerQuantum" (automatic start, delayed,
               LocalService account, restarted on failure) and starts it. Running it again upgrades in
               place; without -Coordinator/-Enroll it keeps the existing configuration.
               A TLS grid with a self-signed certificate gives its volunteers a pin,
               sha256:<64 hex digits>: -TlsPin PIN, or -Enroll TOKEN#sha256:<64 hex digits> (the one
               string `vq coordinator --tls self-signed` writes); both given must agree, a pin needs
               an https:// coordinator, and it is written as Volunteer:TlsPin.
    uninstall  stops and deletes the service and removes the binaries, configuration and (unless
               -KeepData) the data directory.
    status     shows the service, then what the daemon is doing (vq-volunteer status).

    -Prefix DIR stages the install under DIR (no service is created or started); -DryRun prints
    every action and changes nothing; -From DIR installs an already published daemon, -From FILE.zip a release archive
    (installers/release.sh), checked against the SHA256SUMS beside it.

    The daemon lowers its own priority to the Idle class at start. A service runs in session 0 and
    cannot see the user's keyboard and mouse, so "run only when idle" has no idle-time source there
    (the daemon says so in its status); the other policies (CPU load, battery, hours) apply.

.EXAMPLE
    .\installers\windows\install.ps1 install -Coordinator http://grid.example.org:7070 -Enroll TOKEN

.EXAMPLE
    .\installers\windows\install.ps1 install -Coordinator https://grid.example.org:7070 -Enroll 'TOKEN#sha256:...'
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true, Position = 0)]
    [ValidateSet('install', 'uninstall', 'status')]
    [string] $Verb,
    [string] $Coordinator,
    [string] $Enroll,
    [string] $TlsPin,
    [string] $Owner = $env:USERNAME,
    [int] $Threads = 0,
    [string] $Prefix,
    [string] $From,
    [switch] $DryRun,
    [switch] $KeepData
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$ServiceName = 'VolunteerQuantum'   # the name Program.cs gives AddWindowsService
$Repo = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..', '..'))
$System = [string]::IsNullOrEmpty($Prefix)
$Root = if ($System) { '' } else { [IO.Path]::GetFullPath($Prefix).TrimEnd('\') }
$ProgramFilesDir = if ($System) { $env:ProgramFiles } else { Join-Path $Root 'Program Files' }
$ProgramDataDir = if ($System) { $env:ProgramData } else { Join-Path $Root 'ProgramData' }
$BinDir = [IO.Path]::Combine($ProgramFilesDir, 'VolunteerQuantum', 'volunteer')
$ConfDir = [IO.Path]::Combine($ProgramDataDir, 'VolunteerQuantum')
$Conf = Join-Path $ConfDir 'volunteer.json'
$DataDir = Join-Path $ConfDir 'volunteer'
$Exe = Join-Path $BinDir 'vq-volunteer.exe'

function Failed([string] $Message) {
    [Console]::Error.WriteLine("install.ps1: error: $Message")
    exit 1
}

# Prints an action, then runs it (unless -DryRun); a failing action stops the install.
function Step([string] $Description, [scriptblock] $Action) {
    Write-Host "+ $Description"
    if (-not $DryRun) {
        # Native tools report failure through the exit code only; start from a clean one.
        $global:LASTEXITCODE = 0
        try {
            & $Action
        }
        catch {
            Failed "$Description failed: $($_.Exception.Message)"
        }
        if ($global:LASTEXITCODE -ne 0) {
            Failed "$Description failed (exit code $global:LASTEXITCODE)"
        }
    }
}

# A change to the machine outside the prefix: done only for a real (unprefixed) install.
function SystemStep([string] $Description, [scriptblock] $Action) {
    if ($System) {
        Step $Description $Action
    }
    else {
        Write-Host "  (-Prefix: skipped) $Description"
    }
}

function Require-Administrator {
    if (-not $System -or $DryRun) {
        return
    }
    $principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
    if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
        Failed 'installing a service needs an elevated PowerShell (Run as administrator), or -Prefix DIR to stage an install'
    }
}

# A release archive (installers/release.sh): checked against the SHA256SUMS beside it, unpacked into
# a temporary folder; returns the folder holding vq-volunteer.exe.
function Expand-Release([string] $Archive) {
    $sums = Join-Path (Split-Path -Parent (Resolve-Path $Archive)) 'SHA256SUMS'
    $name = Split-Path -Leaf $Archive
    if (Test-Path $sums) {
        $line = Get-Content $sums | Where-Object { ($_ -split '\s+')[1] -in @($name, "*$name") } | Select-Object -First 1
        if (-not $line) { Failed "$name is not listed in $sums" }
        $expected = ($line -split '\s+')[0]
        $actual = (Get-FileHash -Algorithm SHA256 $Archive).Hash.ToLowerInvariant()
        if ($actual -ne $expected) { Failed "$Archive does not match its SHA-256 in ${sums}: a damaged or altered download" }
        Write-Host "==> $name matches its SHA-256 in SHA256SUMS"
    } else {
        Write-Warning "no SHA256SUMS beside ${Archive}: its integrity is not checked"
    }
    $into = Join-Path ([IO.Path]::GetTempPath()) ("vq-release-" + [Guid]::NewGuid().ToString('N'))
    Expand-Archive -Path $Archive -DestinationPath $into
    $inner = @(Get-ChildItem -Directory $into)
    if ($inner.Count -ne 1) { Failed "$Archive does not hold one folder, as release archives do" }
    return $inner[0].FullName
}

function Publish-Daemon([string] $Target) {
    if ($From) {
        $source = $From
        if (Test-Path -PathType Leaf $From) { $source = Expand-Release $From }
        if (-not $DryRun -and -not (Test-Path (Join-Path $source 'vq-volunteer.exe'))) {
            Failed "-From $From holds no published vq-volunteer.exe"
        }
        Step "copy $source to $Target" { Copy-Item -Path (Join-Path $source '*') -Destination $Target -Recurse -Force }
        return
    }
    $project = [IO.Path]::Combine($Repo, 'src', 'VolunteerQuantum.Volunteer', 'VolunteerQuantum.Volunteer.csproj')
    if (-not (Test-Path $project)) {
        Failed "no repository around ${PSScriptRoot}: run the script from a clone, or pass -From DIR with a published daemon"
    }
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
        Failed 'publishing needs the .NET 10 SDK (https://dot.net), or pass -From DIR with a published daemon'
    }
    Step "dotnet publish $project -c Release -o $Target" { & dotnet publish $project -c Release -o $Target --nologo -v quiet }
}

# Splits TOKEN#PIN as the daemon's EnrollmentString does (at the last '#') and checks the pin
# against -TlsPin and the coordinator's scheme; sets $script:Enroll to the bare token and returns the pin.
function Resolve-Pin {
    $pattern = '^sha256:[0-9a-fA-F]{64}$'
    $fromToken = ''
    $at = $script:Enroll.LastIndexOf('#')
    if ($at -ge 0) {
        $fromToken = $script:Enroll.Substring($at + 1).ToLowerInvariant()
        $script:Enroll = $script:Enroll.Substring(0, $at)
        if (-not $script:Enroll) { Failed "-Enroll has a pin but no token before the '#'" }
        if ($fromToken -notmatch $pattern) { Failed "-Enroll: '$fromToken' after the '#' is not a certificate pin: expected sha256:<64 hex digits>" }
    }
    $pin = ''
    if ($TlsPin) {
        if ($TlsPin -notmatch $pattern) { Failed "-TlsPin '$TlsPin' is not a certificate pin: expected sha256:<64 hex digits>" }
        $pin = $TlsPin.ToLowerInvariant()
    }
    if ($pin -and $fromToken -and $pin -ne $fromToken) {
        Failed "-TlsPin $pin disagrees with the pin in -Enroll ($fromToken): give one, or the same twice"
    }
    if (-not $pin) { $pin = $fromToken }
    if ($pin) {
        foreach ($entry in ($Coordinator -split ',')) {
            if ($entry -notmatch '^https://') { Failed "a certificate pin needs an https:// -Coordinator, not '$entry'" }
        }
    }
    return $pin
}

function Install-Daemon {
    Require-Administrator
    $keepConfig = -not $Coordinator -and -not $Enroll -and -not $TlsPin -and (Test-Path $Conf)
    $pin = ''

    if ($keepConfig) {
        Write-Host "keeping the configuration in $Conf"
    }
    else {
        if (-not $Coordinator) { Failed 'install needs -Coordinator URL (the grid''s gRPC address, e.g. http://grid.example.org:7070)' }
        # A comma-separated list names several coordinators of one grid: check every entry.
        foreach ($entry in ($Coordinator -split ',')) {
            if ($entry -notmatch '^https?://[^\s,]+$') { Failed "-Coordinator '$entry' is not an http:// or https:// URL (several are separated by commas, no spaces)" }
        }
        if (-not $Enroll) { Failed 'install needs -Enroll TOKEN (ask the grid''s operator)' }
        $pin = Resolve-Pin
    }

    $existing = if ($System) { Get-Service -Name $ServiceName -ErrorAction SilentlyContinue } else { $null }
    if ($existing -and $existing.Status -ne 'Stopped') {
        # The binaries cannot be replaced while the service runs; stopping lets it checkpoint its unit.
        Step "stop the service $ServiceName" { Stop-Service -Name $ServiceName }
    }

    Write-Host "==> publishing the daemon into $BinDir"
    $staging = "$BinDir.new"
    Step "recreate $staging" {
        if (Test-Path $staging) { Remove-Item $staging -Recurse -Force }
        New-Item -ItemType Directory -Path $staging -Force | Out-Null
    }
    Publish-Daemon $staging
    if (-not $DryRun -and -not (Test-Path (Join-Path $staging 'vq-volunteer.exe'))) {
        Failed 'the published daemon has no vq-volunteer.exe'
    }
    Step "replace $BinDir" {
        if (Test-Path $BinDir) { Remove-Item $BinDir -Recurse -Force }
        Move-Item $staging $BinDir
    }

    Write-Host '==> configuration and data directory'
    Step "create $DataDir" { New-Item -ItemType Directory -Path $DataDir -Force | Out-Null }
    # LocalService (S-1-5-19) may change its data directory, and nothing else.
    SystemStep "grant LocalService modify rights on $DataDir" { & icacls.exe $DataDir /grant '*S-1-5-19:(OI)(CI)M' | Out-Null }
    if (-not $keepConfig) {
        $config = [ordered]@{
            Volunteer = [ordered]@{
                Coordinator       = $Coordinator
                EnrollmentToken   = $Enroll
                TlsPin            = $pin
                DataDirectory     = $DataDir
                MaxThreads        = $Threads
                CheckpointSeconds = 60
                Policy            = [ordered]@{ Mode = 'Auto' }
            }
        }
        if ($Owner) {
            $config.Volunteer.Owner = $Owner
        }
        $json = $config | ConvertTo-Json -Depth 4
        if ($DryRun) {
            Write-Host "+ write $Conf"
            $json -split "`n" | ForEach-Object { Write-Host "    | $_" }
        }
        else {
            Write-Host "+ write $Conf"
            $temp = "$Conf.tmp"
            [IO.File]::WriteAllText($temp, $json, (New-Object Text.UTF8Encoding($false)))
            Copy-Item -Path $temp -Destination $Conf -Force
            Remove-Item -Path $temp -Force
        }
    }
    # The enrollment token is a secret: administrators, SYSTEM and the service account only.
    SystemStep "restrict $Conf to Administrators, SYSTEM and LocalService" {
        & icacls.exe $Conf /inheritance:r /grant:r '*S-1-5-32-544:F' '*S-1-5-18:F' '*S-1-5-19:R' | Out-Null
    }

    Write-Host '==> service'
    $binaryPath = "`"$Exe`" --config `"$Conf`""
    if (-not $existing) {
        SystemStep "create the service $ServiceName" {
            New-Service -Name $ServiceName -BinaryPathName $binaryPath -DisplayName 'VolunteerQuantum volunteer' `
                -Description 'Lends idle CPU to a VolunteerQuantum quantum circuit simulation grid.' -StartupType Automatic | Out-Null
        }
    }
    # Through WMI rather than sc.exe: a path with quotes and an empty password survive no quoting rules of native arguments.
    SystemStep "run $ServiceName as LocalService: $binaryPath" {
        $result = Get-CimInstance -ClassName Win32_Service -Filter "Name='$ServiceName'" |
            Invoke-CimMethod -MethodName Change -Arguments @{ PathName = $binaryPath; StartName = 'NT AUTHORITY\LocalService'; StartPassword = '' }
        if ($result.ReturnValue -ne 0) { throw "Win32_Service.Change returned $($result.ReturnValue)" }
    }
    SystemStep "start $ServiceName automatically, after the boot settles" { & sc.exe config $ServiceName start= delayed-auto | Out-Null }
    SystemStep "restart $ServiceName after failures" {
        & sc.exe failure $ServiceName reset= 86400 actions= restart/10000/restart/10000/restart/60000 | Out-Null
        & sc.exe failureflag $ServiceName 1 | Out-Null
    }
    SystemStep "start $ServiceName" { Start-Service -Name $ServiceName }
    if ($System -and -not $DryRun) {
        Start-Sleep -Seconds 2
        if ((Get-Service -Name $ServiceName).Status -ne 'Running') {
            Failed "$ServiceName did not start: see the Application event log (source $ServiceName)"
        }
    }
    Write-Host "==> installed. 'install.ps1 status' shows what it does."
}

function Uninstall-Daemon {
    Require-Administrator
    if ($System -and (Get-Service -Name $ServiceName -ErrorAction SilentlyContinue)) {
        SystemStep "stop the service $ServiceName" { Stop-Service -Name $ServiceName -ErrorAction SilentlyContinue }
        SystemStep "delete the service $ServiceName" { & sc.exe delete $ServiceName | Out-Null }
    }
    foreach ($path in @($BinDir, "$BinDir.new", $Conf)) {
        if ($DryRun -or (Test-Path $path)) {
            Step "remove $path" { Remove-Item $path -Recurse -Force }
        }
    }
    if ($KeepData) {
        Write-Host "  keeping $DataDir (-KeepData)"
    }
    elseif ($DryRun -or (Test-Path $DataDir)) {
        Step "remove $DataDir" { Remove-Item $DataDir -Recurse -Force }
    }
    # Directories the install made and that are now empty (a staged install leaves nothing behind).
    $made = @($ConfDir, (Split-Path $BinDir))
    if (-not $System) {
        $made += @($ProgramFilesDir, $ProgramDataDir)
    }
    foreach ($dir in $made) {
        if (-not $DryRun -and (Test-Path $dir) -and -not (Get-ChildItem $dir -Force)) {
            Remove-Item $dir -Force
        }
    }
    Write-Host '==> uninstalled'
}

function Show-Status {
    $installed = $true
    foreach ($path in @($Exe, $Conf)) {
        if (Test-Path $path) { Write-Host "present   $path" } else { Write-Host "missing   $path"; $installed = $false }
    }
    if ($System) {
        $service = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
        if ($service) { Write-Host "service   $ServiceName is $($service.Status)" } else { Write-Host "service   $ServiceName is not installed"; $installed = $false }
    }
    if (Test-Path $Exe) {
        & $Exe status --data-dir $DataDir
    }
    if (-not $installed) {
        Failed 'the volunteer is not (completely) installed'
    }
}

switch ($Verb) {
    'install' { Install-Daemon }
    'uninstall' { Uninstall-Daemon }
    'status' { Show-Status }
}
