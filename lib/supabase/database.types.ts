export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {
  "public": {
    Tables: {
      "assets": {
        Row: {
          "asset_type": string, "created_at": string, "file_size": number, "id": string, "job_id": string, "metadata": NonNullable<Json>, "mime_type": string | null, "project_id": string, "storage_path": string, "updated_at": string, "user_id": string | null
        }
        ComputedFields: never
        Insert: {
          "asset_type": string, "created_at"?: string, "file_size": number, "id"?: string, "job_id": string, "metadata"?: NonNullable<Json>, "mime_type"?: string | null, "project_id": string, "storage_path": string, "updated_at"?: string, "user_id"?: string | null
        }
        Update: {
          "asset_type"?: string, "created_at"?: string, "file_size"?: number, "id"?: string, "job_id"?: string, "metadata"?: NonNullable<Json>, "mime_type"?: string | null, "project_id"?: string, "storage_path"?: string, "updated_at"?: string, "user_id"?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "assets_job_fkey"
            columns: ["job_id", "project_id"]
            isOneToOne: false
            referencedRelation: "jobs"
            referencedColumns: ["id", "project_id"]
          }, {
            foreignKeyName: "assets_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          }
        ]
      }, "billing_customers": {
        Row: {
          "created_at": string, "stripe_customer_id": string, "updated_at": string, "user_id": string
        }
        ComputedFields: never
        Insert: {
          "created_at"?: string, "stripe_customer_id": string, "updated_at"?: string, "user_id": string
        }
        Update: {
          "created_at"?: string, "stripe_customer_id"?: string, "updated_at"?: string, "user_id"?: string
        }
        Relationships: [
          {
            foreignKeyName: "billing_customers_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: true
            referencedRelation: "users"
            referencedColumns: ["id"]
          }
        ]
      }, "jobs": {
        Row: {
          "attempts": number, "created_at": string, "error_message": string | null, "finished_at": string | null, "heartbeat_at": string | null, "id": string, "job_type": string, "locked_at": string | null, "locked_by": string | null, "max_attempts": number, "parameters": NonNullable<Json>, "progress": number, "project_id": string, "result": Json | null, "run_after": string, "started_at": string | null, "status": Database["public"]['Enums']["job_status"], "updated_at": string, "user_id": string | null
        }
        ComputedFields: never
        Insert: {
          "attempts"?: number, "created_at"?: string, "error_message"?: string | null, "finished_at"?: string | null, "heartbeat_at"?: string | null, "id"?: string, "job_type": string, "locked_at"?: string | null, "locked_by"?: string | null, "max_attempts"?: number, "parameters"?: NonNullable<Json>, "progress"?: number, "project_id": string, "result"?: Json | null, "run_after"?: string, "started_at"?: string | null, "status"?: Database["public"]['Enums']["job_status"], "updated_at"?: string, "user_id"?: string | null
        }
        Update: {
          "attempts"?: number, "created_at"?: string, "error_message"?: string | null, "finished_at"?: string | null, "heartbeat_at"?: string | null, "id"?: string, "job_type"?: string, "locked_at"?: string | null, "locked_by"?: string | null, "max_attempts"?: number, "parameters"?: NonNullable<Json>, "progress"?: number, "project_id"?: string, "result"?: Json | null, "run_after"?: string, "started_at"?: string | null, "status"?: Database["public"]['Enums']["job_status"], "updated_at"?: string, "user_id"?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "jobs_project_id_fkey"
            columns: ["project_id"]
            isOneToOne: false
            referencedRelation: "projects"
            referencedColumns: ["id"]
          }, {
            foreignKeyName: "jobs_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          }
        ]
      }, "plan_limits": {
        Row: {
          "created_at": string, "max_jobs_per_month": number | null, "max_projects": number | null, "max_storage_bytes": number | null, "tier": Database["public"]['Enums']["subscription_tier"], "updated_at": string
        }
        ComputedFields: never
        Insert: {
          "created_at"?: string, "max_jobs_per_month"?: number | null, "max_projects"?: number | null, "max_storage_bytes"?: number | null, "tier": Database["public"]['Enums']["subscription_tier"], "updated_at"?: string
        }
        Update: {
          "created_at"?: string, "max_jobs_per_month"?: number | null, "max_projects"?: number | null, "max_storage_bytes"?: number | null, "tier"?: Database["public"]['Enums']["subscription_tier"], "updated_at"?: string
        }
        Relationships: [

        ]
      }, "project_members": {
        Row: {
          "created_at": string, "project_id": string, "role": Database["public"]['Enums']["project_role"], "updated_at": string, "user_id": string
        }
        ComputedFields: never
        Insert: {
          "created_at"?: string, "project_id": string, "role"?: Database["public"]['Enums']["project_role"], "updated_at"?: string, "user_id": string
        }
        Update: {
          "created_at"?: string, "project_id"?: string, "role"?: Database["public"]['Enums']["project_role"], "updated_at"?: string, "user_id"?: string
        }
        Relationships: [
          {
            foreignKeyName: "project_members_project_id_fkey"
            columns: ["project_id"]
            isOneToOne: false
            referencedRelation: "projects"
            referencedColumns: ["id"]
          }, {
            foreignKeyName: "project_members_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          }
        ]
      }, "projects": {
        Row: {
          "created_at": string, "created_by": string | null, "deleted_at": string | null, "description": string, "id": string, "name": string, "owner_id": string, "updated_at": string, "updated_by": string | null
        }
        ComputedFields: never
        Insert: {
          "created_at"?: string, "created_by"?: string | null, "deleted_at"?: string | null, "description"?: string, "id"?: string, "name": string, "owner_id"?: string, "updated_at"?: string, "updated_by"?: string | null
        }
        Update: {
          "created_at"?: string, "created_by"?: string | null, "deleted_at"?: string | null, "description"?: string, "id"?: string, "name"?: string, "owner_id"?: string, "updated_at"?: string, "updated_by"?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "projects_created_by_fkey"
            columns: ["created_by"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          }, {
            foreignKeyName: "projects_owner_id_fkey"
            columns: ["owner_id"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          }, {
            foreignKeyName: "projects_updated_by_fkey"
            columns: ["updated_by"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          }
        ]
      }, "stripe_events": {
        Row: {
          "created": string, "id": string, "outcome": string | null, "processed_at": string | null, "received_at": string, "type": string
        }
        ComputedFields: never
        Insert: {
          "created": string, "id": string, "outcome"?: string | null, "processed_at"?: string | null, "received_at"?: string, "type": string
        }
        Update: {
          "created"?: string, "id"?: string, "outcome"?: string | null, "processed_at"?: string | null, "received_at"?: string, "type"?: string
        }
        Relationships: [

        ]
      }, "subscription_audit": {
        Row: {
          "action": string, "created_at": string, "details": NonNullable<Json>, "id": number, "stripe_event_id": string | null, "user_id": string
        }
        ComputedFields: never
        Insert: {
          "action": string, "created_at"?: string, "details"?: NonNullable<Json>, "id"?: never, "stripe_event_id"?: string | null, "user_id": string
        }
        Update: {
          "action"?: string, "created_at"?: string, "details"?: NonNullable<Json>, "id"?: never, "stripe_event_id"?: string | null, "user_id"?: string
        }
        Relationships: [
          {
            foreignKeyName: "subscription_audit_stripe_event_id_fkey"
            columns: ["stripe_event_id"]
            isOneToOne: false
            referencedRelation: "stripe_events"
            referencedColumns: ["id"]
          }, {
            foreignKeyName: "subscription_audit_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          }
        ]
      }, "subscriptions": {
        Row: {
          "cancel_at": string | null, "cancel_at_period_end": boolean, "canceled_at": string | null, "created_at": string, "current_period_end": string | null, "current_period_start": string | null, "last_stripe_event_id": string, "status": Database["public"]['Enums']["subscription_status"], "stripe_customer_id": string, "stripe_event_created_at": string, "stripe_price_id": string | null, "stripe_subscription_id": string, "tier": Database["public"]['Enums']["subscription_tier"], "trial_end": string | null, "updated_at": string, "user_id": string
        }
        ComputedFields: never
        Insert: {
          "cancel_at"?: string | null, "cancel_at_period_end"?: boolean, "canceled_at"?: string | null, "created_at"?: string, "current_period_end"?: string | null, "current_period_start"?: string | null, "last_stripe_event_id": string, "status": Database["public"]['Enums']["subscription_status"], "stripe_customer_id": string, "stripe_event_created_at": string, "stripe_price_id"?: string | null, "stripe_subscription_id": string, "tier": Database["public"]['Enums']["subscription_tier"], "trial_end"?: string | null, "updated_at"?: string, "user_id": string
        }
        Update: {
          "cancel_at"?: string | null, "cancel_at_period_end"?: boolean, "canceled_at"?: string | null, "created_at"?: string, "current_period_end"?: string | null, "current_period_start"?: string | null, "last_stripe_event_id"?: string, "status"?: Database["public"]['Enums']["subscription_status"], "stripe_customer_id"?: string, "stripe_event_created_at"?: string, "stripe_price_id"?: string | null, "stripe_subscription_id"?: string, "tier"?: Database["public"]['Enums']["subscription_tier"], "trial_end"?: string | null, "updated_at"?: string, "user_id"?: string
        }
        Relationships: [
          {
            foreignKeyName: "subscriptions_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: true
            referencedRelation: "users"
            referencedColumns: ["id"]
          }
        ]
      }, "users": {
        Row: {
          "avatar_url": string | null, "created_at": string, "email": string | null, "id": string, "monthly_usage": number, "name": string | null, "subscription_status": Database["public"]['Enums']["subscription_status"] | null, "subscription_tier": Database["public"]['Enums']["subscription_tier"], "updated_at": string, "usage_reset_at": string
        }
        ComputedFields: never
        Insert: {
          "avatar_url"?: string | null, "created_at"?: string, "email"?: string | null, "id": string, "monthly_usage"?: number, "name"?: string | null, "subscription_status"?: Database["public"]['Enums']["subscription_status"] | null, "subscription_tier"?: Database["public"]['Enums']["subscription_tier"], "updated_at"?: string, "usage_reset_at"?: string
        }
        Update: {
          "avatar_url"?: string | null, "created_at"?: string, "email"?: string | null, "id"?: string, "monthly_usage"?: number, "name"?: string | null, "subscription_status"?: Database["public"]['Enums']["subscription_status"] | null, "subscription_tier"?: Database["public"]['Enums']["subscription_tier"], "updated_at"?: string, "usage_reset_at"?: string
        }
        Relationships: [

        ]
      }
    }
    Views: {
      [_ in never]: never
    }
    Functions: {
      "apply_stripe_subscription_event":
      {
        Args: { "p_cancel_at"?: string, "p_cancel_at_period_end"?: boolean, "p_canceled_at"?: string, "p_current_period_end"?: string, "p_current_period_start"?: string, "p_event_created": string, "p_event_id": string, "p_event_type": string, "p_status"?: Database["public"]['Enums']["subscription_status"], "p_stripe_customer_id"?: string, "p_stripe_price_id"?: string, "p_stripe_subscription_id"?: string, "p_tier"?: Database["public"]['Enums']["subscription_tier"], "p_trial_end"?: string, "p_user_id"?: string }; Returns: string
      },
      "change_project_member_role":
      {
        Args: { "p_project_id": string, "p_role": Database["public"]['Enums']["project_role"], "p_user_id": string }; Returns: {
          "created_at": string,
          "project_id": string,
          "role": Database["public"]['Enums']["project_role"],
          "updated_at": string,
          "user_id": string
        }
        SetofOptions: {
          from: "*"
          to: "project_members"
          isOneToOne: true
          isSetofReturn: false
        }
      },
      "claim_jobs":
      {
        Args: { "p_job_types"?: (string)[], "p_limit"?: number, "p_worker_id": string }; Returns: {
          "attempts": number,
          "created_at": string,
          "error_message": string | null,
          "finished_at": string | null,
          "heartbeat_at": string | null,
          "id": string,
          "job_type": string,
          "locked_at": string | null,
          "locked_by": string | null,
          "max_attempts": number,
          "parameters": NonNullable<Json>,
          "progress": number,
          "project_id": string,
          "result": Json | null,
          "run_after": string,
          "started_at": string | null,
          "status": Database["public"]['Enums']["job_status"],
          "updated_at": string,
          "user_id": string | null
        }[]
        SetofOptions: {
          from: "*"
          to: "jobs"
          isOneToOne: false
          isSetofReturn: true
        }
      },
      "claim_project_file_sweeps":
      {
        Args: { "p_lease"?: string, "p_limit"?: number }; Returns: {
          "paths": (string)[], "project_id": string
        }[]
      },
      "finish_project_file_sweep":
      {
        Args: { "p_error"?: string, "p_project_id": string }; Returns: undefined
      },
      "invite_project_member":
      {
        Args: { "p_email": string, "p_project_id": string, "p_role"?: Database["public"]['Enums']["project_role"] }; Returns: {
          "created_at": string,
          "project_id": string,
          "role": Database["public"]['Enums']["project_role"],
          "updated_at": string,
          "user_id": string
        }
        SetofOptions: {
          from: "*"
          to: "project_members"
          isOneToOne: true
          isSetofReturn: false
        }
      },
      "leave_project":
      {
        Args: { "p_project_id": string }; Returns: undefined
      },
      "list_my_projects":
      {
        Args: { "p_limit"?: number, "p_offset"?: number, "p_search"?: string }; Returns: {
          "created_at": string, "description": string, "id": string, "last_job_at": string, "last_job_status": Database["public"]['Enums']["job_status"], "member_count": number, "name": string, "role": Database["public"]['Enums']["project_role"], "total_count": number, "updated_at": string
        }[]
      },
      "list_project_members":
      {
        Args: { "p_project_id": string }; Returns: {
          "avatar_url": string, "created_at": string, "email": string, "name": string, "role": Database["public"]['Enums']["project_role"], "user_id": string
        }[]
      },
      "purge_deleted_projects":
      {
        Args: { "p_older_than"?: string }; Returns: string[]
      },
      "remove_project_member":
      {
        Args: { "p_project_id": string, "p_user_id": string }; Returns: undefined
      },
      "requeue_stale_jobs":
      {
        Args: { "p_stale_after"?: string }; Returns: number
      },
      "restore_project":
      {
        Args: { "p_project_id": string }; Returns: {
          "created_at": string,
          "created_by": string | null,
          "deleted_at": string | null,
          "description": string,
          "id": string,
          "name": string,
          "owner_id": string,
          "updated_at": string,
          "updated_by": string | null
        }
        SetofOptions: {
          from: "*"
          to: "projects"
          isOneToOne: true
          isSetofReturn: false
        }
      },
      "transfer_project_ownership":
      {
        Args: { "p_new_owner_id": string, "p_project_id": string }; Returns: undefined
      },
      "trash_project":
      {
        Args: { "p_project_id": string }; Returns: {
          "created_at": string,
          "created_by": string | null,
          "deleted_at": string | null,
          "description": string,
          "id": string,
          "name": string,
          "owner_id": string,
          "updated_at": string,
          "updated_by": string | null
        }
        SetofOptions: {
          from: "*"
          to: "projects"
          isOneToOne: true
          isSetofReturn: false
        }
      }
    }
    Enums: {
      "job_status": "queued" | "processing" | "completed" | "failed" | "partial", "project_role": "owner" | "admin" | "member" | "viewer", "subscription_status": "incomplete" | "incomplete_expired" | "trialing" | "active" | "past_due" | "canceled" | "unpaid" | "paused", "subscription_tier": "free" | "pro" | "studio" | "enterprise"
    }
    CompositeTypes: {
      [_ in never]: never
    }
  }
}

type DatabaseWithoutInternals = Omit<Database, '__InternalSupabase'>

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
  | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
  | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
  ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
    DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
  : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
    DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
  ? R
  : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
  ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
    Row: infer R
  }
  ? R
  : never
  : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
  | keyof DefaultSchema["Tables"]
  | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
  ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
  : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
    Insert: infer I
  }
  ? I
  : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
    Insert: infer I
  }
  ? I
  : never
  : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
  | keyof DefaultSchema["Tables"]
  | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
  ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
  : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
    Update: infer U
  }
  ? U
  : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
    Update: infer U
  }
  ? U
  : never
  : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
  | keyof DefaultSchema["Enums"]
  | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
  ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
  : never = never
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
  ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
  : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
  | keyof DefaultSchema["CompositeTypes"]
  | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
  ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
  : never = never
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
  ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
  : never

export const Constants = {
  "public": {
    Enums: {
      "job_status": ["queued", "processing", "completed", "failed", "partial"], "project_role": ["owner", "admin", "member", "viewer"], "subscription_status": ["incomplete", "incomplete_expired", "trialing", "active", "past_due", "canceled", "unpaid", "paused"], "subscription_tier": ["free", "pro", "studio", "enterprise"]
    }
  }
} as const
