{{- define "umbrella.name" -}}
{{ .Chart.Name }}-{{ .Release.Name }}
{{- end -}}
