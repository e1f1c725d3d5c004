{{/*
Names and labels. A component template is called with (dict "root" $ "name" <component> "svc" <its values>).
*/}}
{{- define "motcua.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "motcua.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "motcua.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The resources of one component: <fullname>-<component>. */}}
{{- define "motcua.componentName" -}}
{{- printf "%s-%s" (include "motcua.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "motcua.selectorLabels" -}}
app.kubernetes.io/name: {{ include "motcua.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{- define "motcua.labels" -}}
helm.sh/chart: {{ include "motcua.chart" .root }}
{{ include "motcua.selectorLabels" . }}
app.kubernetes.io/part-of: motcua
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{/* Chart-wide labels (resources of no component). */}}
{{- define "motcua.commonLabels" -}}
helm.sh/chart: {{ include "motcua.chart" . }}
app.kubernetes.io/name: {{ include "motcua.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: motcua
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "motcua.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "motcua.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "motcua.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The component's Secret (it exists before the release: the chart never holds secret values). */}}
{{- define "motcua.secretName" -}}
{{- default (include "motcua.componentName" .) .svc.existingSecret }}
{{- end }}

{{/* The Python package of a component: `intake.app` → `intake`. */}}
{{- define "motcua.package" -}}
{{- index (splitList "." .svc.module) 0 }}
{{- end }}

{{/* The in-cluster URL of a component's Service. */}}
{{- define "motcua.serviceUrl" -}}
{{- printf "http://%s-%s:%d" (include "motcua.fullname" .root) .name (int .root.Values.servicePort) }}
{{- end }}

{{- define "motcua.oidcIssuer" -}}
{{- default (printf "%s/oidc" (trimSuffix "/" .Values.config.publicUrl)) .Values.config.oidcIssuer | trimSuffix "/" }}
{{- end }}

{{/* JWKS: given, or identity's own endpoint under the issuer's path (`/oidc/jwks`), inside the cluster. */}}
{{- define "motcua.oidcJwksUrl" -}}
{{- if .Values.config.oidcJwksUrl }}
{{- .Values.config.oidcJwksUrl }}
{{- else }}
{{- $path := (urlParse (include "motcua.oidcIssuer" .)).path | default "/oidc" }}
{{- printf "%s%s/jwks" (include "motcua.serviceUrl" (dict "root" . "name" "identity")) $path }}
{{- end }}
{{- end }}

{{/* Whether the services reach identity inside the cluster for the JWKS (NetworkPolicies). */}}
{{- define "motcua.jwksInCluster" -}}
{{- if not .Values.config.oidcJwksUrl }}true{{ end }}
{{- end }}

{{/*
The component's non-secret environment, as YAML (the ConfigMap's data; the migration Job inlines it).
Shared names are set only for components whose settings read them (tests/deploy checks the names).
*/}}
{{- define "motcua.configData" -}}
{{- $root := .root }}
{{- $svc := .svc }}
{{- $isGateway := eq .name "gateway" }}
{{- $data := dict }}
{{- $_ := set $data "MOTCUA_ENV" $root.Values.config.environment }}
{{- $_ := set $data "LOG_LEVEL" $root.Values.config.logLevel }}
{{- $_ := set $data "LOG_JSON" (toString $root.Values.config.logJson) }}
{{- $_ := set $data "OIDC_ISSUER" (include "motcua.oidcIssuer" $root) }}
{{- $_ := set $data "OIDC_JWKS_URL" (include "motcua.oidcJwksUrl" $root) }}
{{- with $root.Values.config.oidcAudience }}
{{- $_ := set $data "OIDC_AUDIENCE" . }}
{{- end }}
{{- if not $isGateway }}
{{- $_ := set $data "KAFKA_BOOTSTRAP_SERVERS" $root.Values.kafka.bootstrapServers }}
{{- end }}
{{- range $callee := $svc.calls }}
{{- $_ := set $data (printf "SERVICE_BASE_URL_%s" (upper $callee)) (include "motcua.serviceUrl" (dict "root" $root "name" $callee)) }}
{{- end }}
{{- if $svc.trustedProxies }}
{{- $_ := set $data "TRUSTED_PROXIES" (toJson $root.Values.config.trustedProxies) }}
{{- end }}
{{- if eq .name "intake" }}
{{- $storage := $root.Values.storage }}
{{- $_ := set $data "INTAKE_STORAGE_BACKEND" $storage.backend }}
{{- if eq $storage.backend "s3" }}
{{- with $storage.s3.endpointUrl }}{{ $_ := set $data "INTAKE_S3_ENDPOINT_URL" . }}{{ end }}
{{- $_ := set $data "INTAKE_S3_BUCKET" $storage.s3.bucket }}
{{- $_ := set $data "INTAKE_S3_REGION" $storage.s3.region }}
{{- else }}
{{- $_ := set $data "INTAKE_STORAGE_DIR" $storage.local.path }}
{{- end }}
{{- end }}
{{- range $key, $value := $svc.env }}
{{- $text := tpl (toString $value) $root }}
{{- if ne $text "" }}
{{- $_ := set $data $key $text }}
{{- end }}
{{- end }}
{{- toYaml $data }}
{{- end }}

{{/* Environment entries read from the component's Secret (never values). */}}
{{- define "motcua.secretEnv" -}}
{{- $secret := include "motcua.secretName" . }}
{{- range $key := .svc.secretEnv }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $key }}
{{- end }}
{{- range $key := .svc.optionalSecretEnv }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $key }}
      optional: true
{{- end }}
{{- if and .root.Values.redis.enabled .svc.usesRedis }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: REDIS_URL
{{- end }}
{{- end }}

{{/* Volumes every pod has: /tmp (the root filesystem is read-only), intake's local storage. */}}
{{- define "motcua.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .root.Values.tmpSizeLimit }}
{{- if and (eq .name "intake") (eq .root.Values.storage.backend "local") }}
- name: files
  {{- if .root.Values.storage.local.existingClaim }}
  persistentVolumeClaim:
    claimName: {{ .root.Values.storage.local.existingClaim }}
  {{- else }}
  emptyDir:
    sizeLimit: {{ .root.Values.storage.local.sizeLimit }}
  {{- end }}
{{- end }}
{{- end }}

{{- define "motcua.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if and (eq .name "intake") (eq .root.Values.storage.backend "local") }}
- name: files
  mountPath: {{ .root.Values.storage.local.path }}
{{- end }}
{{- end }}

{{/* Callers of a component over HTTP: the gateway, the services listing it in `calls`, and every
service for identity's JWKS when it is fetched inside the cluster. */}}
{{- define "motcua.callers" -}}
{{- $target := .name }}
{{- $root := .root }}
{{- $callers := list }}
{{- range $name, $svc := $root.Values.services }}
{{- if and $svc.enabled (ne $name $target) }}
{{- if or (has $target $svc.calls) (and (eq $target "identity") (ne $name "gateway") (include "motcua.jwksInCluster" $root)) }}
{{- $callers = append $callers $name }}
{{- end }}
{{- end }}
{{- end }}
{{- toJson $callers }}
{{- end }}

{{/* Services a component calls over HTTP (the inverse of motcua.callers). */}}
{{- define "motcua.callees" -}}
{{- $callees := .svc.calls }}
{{- if and (ne .name "gateway") (ne .name "identity") (include "motcua.jwksInCluster" .root) (not (has "identity" $callees)) }}
{{- $callees = append $callees "identity" }}
{{- end }}
{{- toJson $callees }}
{{- end }}
