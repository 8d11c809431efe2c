{{- define "lib.configmap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .root.Release.Name }}-{{ .name }}
data:
  chart: {{ .root.Chart.Name | quote }}
{{- end -}}
